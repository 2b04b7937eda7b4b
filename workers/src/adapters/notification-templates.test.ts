import {
  notificationTemplateNames,
  notificationTemplates,
  renderTemplate,
  TemplateError,
} from './notification-templates.js';

describe('adapters - notification templates', () => {
  it.each(notificationTemplateNames)('should use exactly the declared params in %s', (name) => {
    // given
    const { params, text } = notificationTemplates[name];

    // then
    const used = [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    expect(new Set(used)).toEqual(new Set(params));
    expect(params).not.toContain('nik');
  });

  it('should have the messages the processes send', () => {
    expect(notificationTemplateNames).toEqual(
      expect.arrayContaining([
        'INVITATION_REMINDER',
        'SECOND_INVITATION',
        'CARD_READY',
        'CARD_UNCOLLECTED',
        'SUKET_ISSUED',
        'STATION_OUTAGE',
        'ESCALATION',
        'DISCIPLINE_SUMMONS',
      ]),
    );
  });

  it('should fill in the parameters', () => {
    expect(
      renderTemplate('SUKET_ISSUED', {
        name: 'Siti Aminah',
        suketNumber: '470/123/JLT/2026',
        validUntil: '1 Juni 2027',
      }),
    ).toBe(
      'Yth. Bapak/Ibu Siti Aminah, blangko KTP-el sedang habis. Surat Keterangan (Suket) nomor ' +
        '470/123/JLT/2026 berlaku sampai 1 Juni 2027 dan dapat dipakai untuk semua layanan ' +
        'sebagai pengganti KTP-el. Kami kabari bila kartu Anda selesai dicetak.',
    );
    expect(
      renderTemplate('CARD_UNCOLLECTED', {
        name: 'Budi',
        days: 10,
        place: 'Kantor Camat Jelutung',
      }),
    ).toContain('sudah 10 hari kerja menunggu di Kantor Camat Jelutung');
  });

  it('should leave a parameter value as it is, braces included', () => {
    expect(
      renderTemplate('SLA_REMINDER', {
        step: 'Tanda tangan undangan',
        subject: 'RT {003}',
        dueAt: 'Senin 08.00 WIB',
        link: 'http://localhost:3000/tasks/1',
      }),
    ).toBe(
      'Pengingat: Tanda tangan undangan untuk RT {003} jatuh tempo Senin 08.00 WIB. ' +
        'Buka tugas: http://localhost:3000/tasks/1',
    );
  });

  it('should name every missing or blank parameter', () => {
    // when
    const attempt = () => renderTemplate('CARD_READY', { name: 'Budi', place: '  ' });

    // then
    expect(attempt).toThrow(TemplateError);
    expect(attempt).toThrow('notification template CARD_READY needs place, date: missing or blank');
    try {
      attempt();
    } catch (error) {
      expect((error as TemplateError).missing).toEqual(['place', 'date']);
    }
  });

  it('should refuse a template that does not exist', () => {
    expect(() => renderTemplate('WELCOME', {})).toThrow(
      /^unknown notification template WELCOME: use one of INVITATION, /,
    );
    expect(() => renderTemplate('toString', {})).toThrow(TemplateError);
  });
});
