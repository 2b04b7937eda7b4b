/**
 * Messages to residents, Ketua RT and staff: SMS, WhatsApp, or a printed letter for hand delivery.
 * The texts are the templates of notification-templates.ts, in Bahasa Indonesia.
 *
 * No SMS or WhatsApp gateway is reachable from here; the product runs against `SimulatedNotifier`
 * (notifier-simulator.ts). A real implementation keeps this contract (docs/adapters.md).
 *
 * Errors: a message that cannot reach its recipient is a value (`delivered: false`), since the
 * process has a path for it (a letter through the RT, a home visit). A template with missing
 * parameters throws TemplateError, which is a bug in the caller. A gateway that gives no answer
 * rejects the promise, so the worker fails the job and Zeebe retries it with back-off.
 */
import type { NotificationTemplate, TemplateParams } from './notification-templates.js';

export type { NotificationTemplate, TemplateParams } from './notification-templates.js';
export {
  notificationTemplateNames,
  notificationTemplates,
  renderTemplate,
  TemplateError,
} from './notification-templates.js';

export type NotificationChannel = 'SMS' | 'WHATSAPP' | 'LETTER';

export interface Recipient {
  kind: 'RESIDENT' | 'RT' | 'STAFF';
  /** A resident (or a Ketua RT) by NIK: their address for a letter. */
  nik?: string;
  /** A member of staff, for messages about their work. */
  staffId?: string;
  /** Needed for SMS and WhatsApp. */
  phone?: string;
}

export type SendResult =
  | { delivered: true; sentAt: number }
  /**
   * NO_CONTACT: nothing to send it to (no phone for SMS or WhatsApp, neither NIK nor staff id for a
   * letter). UNDELIVERABLE: the gateway or the post gave up (an inactive number, a wrong address).
   * Neither improves with a retry; choose another channel or reach the person another way.
   */
  | { delivered: false; reason: 'NO_CONTACT' | 'UNDELIVERABLE' };

export interface Notifier {
  /**
   * Sends one message. For LETTER, delivered means printed and handed to the kelurahan for the RT
   * to carry; whether the resident got it is tracked by the invitation process, not here.
   *
   * Idempotent on `reference` (for instance the process instance key and the step): a repeat
   * sends nothing more and answers the same delivery outcome.
   */
  send(message: {
    reference: string;
    channel: NotificationChannel;
    to: Recipient;
    template: NotificationTemplate;
    params: TemplateParams;
  }): Promise<SendResult>;
}
