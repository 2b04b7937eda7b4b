/**
 * SIMULATOR of the SMS/WhatsApp gateway and the letter printer: renders the message, checks there
 * is someone to send it to, and fails a configured share of messages. Nothing leaves the machine.
 *
 * Stateless: whether a message arrives is drawn from (seed, reference, channel), so a repeat of the
 * same message answers the same.
 */
import type { Clock } from '../../../platform/src/clock.js';
import { uniform } from './deterministic-random.js';
import {
  renderTemplate,
  type NotificationTemplate,
  type TemplateParams,
} from './notification-templates.js';
import type { NotificationChannel, Notifier, Recipient, SendResult } from './notifier.js';
import { simulatedLatency } from './simulated-latency.js';
import type { SimulatorConfig } from './simulator-config.js';

export function createNotifierSimulator(config: SimulatorConfig, clock: Clock): SimulatedNotifier {
  return new SimulatedNotifier(config, clock);
}

export class SimulatedNotifier implements Notifier {
  constructor(
    private readonly config: SimulatorConfig,
    private readonly clock: Clock,
  ) {}

  /** `sentAt` is the time of the call: a stateless simulator cannot remember the first send. */
  async send(message: {
    reference: string;
    channel: NotificationChannel;
    to: Recipient;
    template: NotificationTemplate;
    params: TemplateParams;
  }): Promise<SendResult> {
    await simulatedLatency(this.config.latencyMs);
    // Rendered first, so a template with a hole fails here as it would with a real gateway.
    renderTemplate(message.template, message.params);
    if (!hasAddress(message.channel, message.to)) return { delivered: false, reason: 'NO_CONTACT' };
    const lost =
      uniform(this.config.seed, 'notify', message.reference, message.channel) <
      this.config.notifier.failureRate;
    if (lost) return { delivered: false, reason: 'UNDELIVERABLE' };
    return { delivered: true, sentAt: this.clock.now() };
  }
}

function hasAddress(channel: NotificationChannel, to: Recipient): boolean {
  if (channel === 'LETTER') return Boolean(to.nik?.trim() || to.staffId?.trim());
  return Boolean(to.phone?.trim());
}
