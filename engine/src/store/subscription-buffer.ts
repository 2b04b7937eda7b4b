/**
 * Timers and message/signal subscriptions opened and closed within one batch. Closing an owner
 * drops what this batch opened for it and remembers to delete what the database holds for it;
 * what is opened afterwards survives. So the order of open and close within a batch is kept
 * although everything is written with two statements at the end.
 */
import type pg from 'pg';

import type {
  NewMessageSubscription,
  NewSignalSubscription,
  NewTimer,
} from '../runtime/effects.js';
import { iso } from './rows.js';

export class SubscriptionBuffer {
  private readonly timers = new Map<string, NewTimer>();
  private readonly messages = new Map<string, NewMessageSubscription>();
  private readonly signals = new Map<string, NewSignalSubscription>();
  private readonly closedOwners = new Set<string>();
  private readonly deletedTimers = new Set<string>();

  openTimer(timer: NewTimer): void {
    this.timers.set(timer.key, timer);
  }

  openMessage(subscription: NewMessageSubscription): void {
    this.messages.set(subscription.key, subscription);
  }

  openSignal(subscription: NewSignalSubscription): void {
    this.signals.set(subscription.key, subscription);
  }

  deleteTimer(key: string): void {
    if (!this.timers.delete(key)) this.deletedTimers.add(key);
  }

  close(owner: string): void {
    for (const map of [this.timers, this.messages, this.signals] as Array<
      Map<string, { owner: string }>
    >) {
      for (const [key, item] of map) if (item.owner === owner) map.delete(key);
    }
    this.closedOwners.add(owner);
  }

  /** Whether what the database holds for `owner` was closed by this batch (it is deleted at flush). */
  closedInBatch(owner: string): boolean {
    return this.closedOwners.has(owner);
  }

  /** Subscriptions opened in this batch and still open, for correlation before the flush. */
  pendingMessages(): NewMessageSubscription[] {
    return [...this.messages.values()];
  }

  async flush(client: pg.PoolClient, now: number): Promise<void> {
    if (this.closedOwners.size > 0) {
      const owners = [...this.closedOwners];
      this.closedOwners.clear();
      for (const table of ['timers', 'message_subscriptions', 'signal_subscriptions']) {
        await client.query(`delete from engine.${table} where owner = any($1::bigint[])`, [owners]);
      }
    }
    if (this.deletedTimers.size > 0) {
      await client.query('delete from engine.timers where key = any($1::bigint[])', [
        [...this.deletedTimers],
      ]);
      this.deletedTimers.clear();
    }
    if (this.timers.size > 0) {
      const timers = [...this.timers.values()];
      this.timers.clear();
      await client.query(
        `insert into engine.timers (key, owner, element_id, process_instance_key, process_definition_key, due_at, cycle, remaining, created_at)
         select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::timestamptz[], $7::text[], $8::int[], $9::timestamptz[])
         on conflict (key) do update set due_at = excluded.due_at, remaining = excluded.remaining`,
        [
          timers.map((t) => t.key),
          timers.map((t) => (t.owner === '' ? null : t.owner)),
          timers.map((t) => t.elementId),
          timers.map((t) => (t.processInstanceKey === '' ? null : t.processInstanceKey)),
          timers.map((t) => t.processDefinitionKey),
          timers.map((t) => iso(t.dueAt)),
          timers.map((t) => t.cycle?.text ?? null),
          timers.map((t) => t.cycle?.remaining ?? null),
          timers.map(() => iso(now)),
        ],
      );
    }
    if (this.messages.size > 0) {
      const subscriptions = [...this.messages.values()];
      this.messages.clear();
      await client.query(
        `insert into engine.message_subscriptions
           (key, owner, element_id, process_instance_key, bpmn_process_id, message_name, correlation_key, interrupting, created_at)
         select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::timestamptz[])`,
        [
          subscriptions.map((s) => s.key),
          subscriptions.map((s) => s.owner),
          subscriptions.map((s) => s.elementId),
          subscriptions.map((s) => s.processInstanceKey),
          subscriptions.map((s) => s.bpmnProcessId),
          subscriptions.map((s) => s.messageName),
          subscriptions.map((s) => s.correlationKey),
          subscriptions.map((s) => s.interrupting),
          subscriptions.map(() => iso(now)),
        ],
      );
    }
    if (this.signals.size > 0) {
      const subscriptions = [...this.signals.values()];
      this.signals.clear();
      await client.query(
        `insert into engine.signal_subscriptions (key, owner, element_id, process_instance_key, signal_name, created_at)
         select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[])`,
        [
          subscriptions.map((s) => s.key),
          subscriptions.map((s) => s.owner),
          subscriptions.map((s) => s.elementId),
          subscriptions.map((s) => s.processInstanceKey),
          subscriptions.map((s) => s.signalName),
          subscriptions.map(() => iso(now)),
        ],
      );
    }
  }
}
