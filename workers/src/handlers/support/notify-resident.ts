/**
 * Sends a resident (or the Ketua RT of the resident's RT) a templated message through the
 * notifier adapter and records it in app.notifications. Idempotent on `reference`: a message
 * already recorded is not sent again. SMS when the resident has a phone number, a letter
 * through the RT otherwise.
 */
import type { HandlerContext } from '../job-handler.js';
import {
  notificationTemplates,
  type NotificationTemplate,
  type TemplateParams,
} from '../../adapters/notifier.js';

export const kecamatanOffice = 'Kantor Camat Jelutung';

const dateFormat = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta',
  hour: '2-digit',
  minute: '2-digit',
});

export function localDate(instant: number): string {
  return dateFormat.format(new Date(instant));
}

export function localTime(instant: number): string {
  return timeFormat.format(new Date(instant)).replace('.', ':');
}

export async function notifyResident(
  context: Pick<HandlerContext, 'pool' | 'clock' | 'adapters'>,
  request: {
    reference: string;
    nik: string;
    template: NotificationTemplate;
    params?: TemplateParams;
    /** RT: the Ketua RT of the resident's kelurahan receives it about the resident. */
    recipient?: 'RESIDENT' | 'RT';
  },
): Promise<{ delivered: boolean }> {
  const { pool, clock, adapters } = context;
  const { rows: sent } = await pool.query<{ delivered: boolean }>(
    'select delivered from app.notifications where reference = $1',
    [request.reference],
  );
  if (sent[0]) return { delivered: sent[0].delivered };
  const { rows } = await pool.query<{
    full_name: string;
    phone: string | null;
    kelurahan: string;
    rt_staff: string | null;
  }>(
    `select r.full_name, r.phone, k.name as kelurahan,
            (select s.id from app.staff s join app.staff_roles sr on sr.staff_id = s.id
              where sr.role = 'ketua-rt' and s.unit_code = r.kelurahan_code and s.active order by s.id limit 1) as rt_staff
       from app.residents r join app.regions k on k.code = r.kelurahan_code where r.nik = $1`,
    [request.nik],
  );
  const resident = rows[0];
  if (!resident) throw new Error('the resident to notify is not registered');
  const now = clock.now();
  const known: Record<string, string | number> = {
    name: resident.full_name,
    place: kecamatanOffice,
    kelurahan: resident.kelurahan,
    date: localDate(now),
    time: localTime(now),
  };
  const wanted = notificationTemplates[request.template].params;
  const params: Record<string, string | number> = {};
  for (const name of wanted) {
    const value = request.params?.[name] ?? known[name];
    if (value !== undefined) params[name] = value;
  }
  const toRt = request.recipient === 'RT';
  const channel = toRt ? 'WHATSAPP' : resident.phone ? 'SMS' : 'LETTER';
  const result = await adapters.notifier.send({
    reference: request.reference,
    channel,
    to: toRt
      ? {
          kind: 'RT',
          ...(resident.rt_staff ? { staffId: resident.rt_staff } : {}),
          nik: request.nik,
        }
      : {
          kind: 'RESIDENT',
          nik: request.nik,
          ...(resident.phone ? { phone: resident.phone } : {}),
        },
    template: request.template,
    params,
  });
  await pool.query(
    `insert into app.notifications (recipient_kind, nik, staff_id, channel, template, sent_at, delivered, failure, reference)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (reference) do nothing`,
    [
      toRt ? 'RT' : 'RESIDENT',
      request.nik,
      toRt ? resident.rt_staff : null,
      channel,
      request.template,
      new Date(now),
      result.delivered,
      result.delivered ? null : result.reason,
      request.reference,
    ],
  );
  return { delivered: result.delivered };
}
