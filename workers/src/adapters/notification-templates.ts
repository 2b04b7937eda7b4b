/**
 * The messages the product sends to residents, Ketua RT and staff, in Bahasa Indonesia, with the
 * parameters each one needs. Dates and times arrive as parameters already written for a reader
 * ("Senin, 7 Desember 2026", "08.30 WIB"), so the text never formats anything itself. No message
 * carries a NIK: an SMS can be read by anyone holding the phone.
 */

export interface NotificationTemplateDefinition {
  /** Who receives it and when, for designers choosing a template. */
  purpose: string;
  params: readonly string[];
  /** `{param}` marks where a parameter goes. */
  text: string;
}

export const notificationTemplates = {
  INVITATION: {
    purpose: 'resident: first invitation to record, with the letter the RT delivers',
    params: ['name', 'date', 'time', 'place', 'checkInCode'],
    text:
      'Yth. Bapak/Ibu {name}, Anda diundang melakukan perekaman KTP-el pada {date} pukul {time} ' +
      'di {place}. Tunjukkan kode undangan {checkInCode} di loket. Layanan ini gratis.',
  },
  INVITATION_REMINDER: {
    purpose: 'resident: reminder before the recording slot',
    params: ['name', 'date', 'time', 'place', 'checkInCode'],
    text:
      'Yth. Bapak/Ibu {name}, kami ingatkan jadwal perekaman KTP-el Anda pada {date} pukul {time} ' +
      'di {place}. Tunjukkan kode undangan {checkInCode} di loket. Layanan ini gratis.',
  },
  SECOND_INVITATION: {
    purpose: 'resident: did not come after the first invitation',
    params: ['name', 'date', 'time', 'place', 'checkInCode', 'kelurahan'],
    text:
      'Yth. Bapak/Ibu {name}, Anda belum hadir pada jadwal perekaman KTP-el. Undangan kedua: ' +
      '{date} pukul {time} di {place}, kode undangan {checkInCode}. Jika berhalangan, hubungi ' +
      'Ketua RT atau Kantor Kelurahan {kelurahan}.',
  },
  RT_INVITATIONS_TO_DELIVER: {
    purpose: 'Ketua RT: a batch of invitation letters to hand to residents',
    params: ['rt', 'rw', 'kelurahan', 'count', 'dueDate'],
    text:
      'Yth. Ketua RT {rt}/RW {rw} Kelurahan {kelurahan}, ada {count} surat undangan perekaman ' +
      'KTP-el untuk warga Anda di kantor kelurahan. Mohon diantar paling lambat {dueDate} dan ' +
      'konfirmasikan penerimaan setiap warga.',
  },
  RE_RECORDING_REQUIRED: {
    purpose: 'resident: the centre refused the recording (enrol failure, request validation)',
    params: ['name', 'reason', 'date', 'time', 'place'],
    text:
      'Yth. Bapak/Ibu {name}, data KTP-el Anda perlu direkam ulang ({reason}). Silakan datang ke ' +
      '{place} pada {date} pukul {time}. Layanan ini gratis.',
  },
  DATA_CORRECTION_REQUIRED: {
    purpose: 'resident: wrong data on the card must be corrected in SIAK before the reprint',
    params: ['name', 'field', 'documents', 'place'],
    text:
      'Yth. Bapak/Ibu {name}, data {field} pada KTP-el Anda perlu diperbaiki sebelum kartu ' +
      'dicetak ulang. Mohon bawa {documents} ke {place} pada jam kerja.',
  },
  SUKET_ISSUED: {
    purpose: 'resident: no blanko, a Suket (valid 6 months) stands in for the card',
    params: ['name', 'suketNumber', 'validUntil'],
    text:
      'Yth. Bapak/Ibu {name}, blangko KTP-el sedang habis. Surat Keterangan (Suket) nomor ' +
      '{suketNumber} berlaku sampai {validUntil} dan dapat dipakai untuk semua layanan sebagai ' +
      'pengganti KTP-el. Kami kabari bila kartu Anda selesai dicetak.',
  },
  CARD_READY: {
    purpose: 'resident: the card is at the kecamatan, to collect and activate in person',
    params: ['name', 'place', 'date'],
    text:
      'Yth. Bapak/Ibu {name}, KTP-el Anda sudah dapat diambil di {place} mulai {date}. Datang ' +
      'sendiri karena aktivasi memakai sidik jari Anda, dan bawa Suket atau tanda terima perekaman.',
  },
  CARD_UNCOLLECTED: {
    purpose: 'resident: the card has waited at the kecamatan for a number of working days',
    params: ['name', 'days', 'place'],
    text:
      'Yth. Bapak/Ibu {name}, KTP-el Anda sudah {days} hari kerja menunggu di {place}. Mohon ' +
      'segera diambil dan diaktivasi pada jam kerja, dengan membawa Suket atau tanda terima ' +
      'perekaman.',
  },
  STATION_OUTAGE: {
    purpose: 'staff: a recording station or the network is down',
    params: ['station', 'place', 'since', 'cause', 'slaMinutes'],
    text:
      'Gangguan {station} di {place} sejak {since}: {cause}. Mohon ditangani dalam {slaMinutes} ' +
      'menit dan laporkan ke helpdesk Dinas bila belum pulih.',
  },
  SLA_REMINDER: {
    purpose: 'staff: a task of theirs is nearly due',
    params: ['step', 'subject', 'dueAt', 'link'],
    text: 'Pengingat: {step} untuk {subject} jatuh tempo {dueAt}. Buka tugas: {link}',
  },
  ESCALATION: {
    purpose: 'Kasi, Sekcam or Camat: a step is overdue and escalated to them',
    params: ['level', 'step', 'subject', 'dueAt', 'overdue', 'link'],
    text:
      '[Eskalasi tingkat {level}] {step} untuk {subject} melewati batas waktu {dueAt} ' +
      '(terlambat {overdue}). Mohon ditindaklanjuti: {link}',
  },
  DISCIPLINE_SUMMONS: {
    purpose: 'staff: summoned by the direct superior to a disciplinary examination (PP 94/2021)',
    params: ['staffName', 'superior', 'date', 'time', 'place', 'matter'],
    text:
      'Yth. {staffName}, Saudara dipanggil oleh {superior} untuk pemeriksaan dugaan pelanggaran ' +
      'disiplin (PP 94/2021) pada {date} pukul {time} di {place}. Perihal: {matter}.',
  },
} as const satisfies Record<string, NotificationTemplateDefinition>;

export type NotificationTemplate = keyof typeof notificationTemplates;

export const notificationTemplateNames = Object.keys(
  notificationTemplates,
) as NotificationTemplate[];

export type TemplateParams = Readonly<Record<string, string | number>>;

/** A template asked for with parameters missing or blank, or a template that does not exist. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly template: string,
    readonly missing: readonly string[] = [],
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * The text of `template` with its parameters filled in. Throws TemplateError naming the template
 * and every missing or blank parameter: a message with a hole in it is a bug to fix, not a message
 * to send. Parameters the template does not use are ignored.
 */
export function renderTemplate(template: string, params: TemplateParams): string {
  if (!Object.hasOwn(notificationTemplates, template)) {
    throw new TemplateError(
      `unknown notification template ${template}: use one of ${notificationTemplateNames.join(', ')}`,
      template,
    );
  }
  const definition: NotificationTemplateDefinition =
    notificationTemplates[template as NotificationTemplate];
  const missing = definition.params.filter((name) => String(params[name] ?? '').trim() === '');
  if (missing.length > 0) {
    throw new TemplateError(
      `notification template ${template} needs ${missing.join(', ')}: missing or blank`,
      template,
      missing,
    );
  }
  return definition.text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
}
