/**
 * Deployed process definitions: their metadata in memory (a few hundred bytes each), their parsed
 * models cached on first use. Loaded from `engine.process_definitions` at start.
 */
import type pg from 'pg';

import { parseBpmn } from './model/parse-bpmn.js';
import type { ElementModel, ProcessModel } from './model/process-model.js';

export interface DefinitionMeta {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  checksum: string;
}

export class DefinitionRegistry {
  private readonly byKey = new Map<string, DefinitionMeta>();
  private readonly latest = new Map<string, DefinitionMeta>();
  private readonly models = new Map<string, ProcessModel>();

  constructor(private readonly pool: pg.Pool) {}

  async load(): Promise<void> {
    const { rows } = await this.pool.query<{
      key: string;
      bpmn_process_id: string;
      version: number;
      resource_name: string;
      checksum: string;
    }>(
      'select key, bpmn_process_id, version, resource_name, checksum from engine.process_definitions order by version',
    );
    for (const row of rows) {
      this.add({
        key: row.key,
        bpmnProcessId: row.bpmn_process_id,
        version: row.version,
        resourceName: row.resource_name,
        checksum: row.checksum,
      });
    }
    // Call activities look up the latest version synchronously, so those models are parsed now.
    for (const meta of this.latest.values()) await this.model(meta.key);
  }

  add(meta: DefinitionMeta, model?: ProcessModel): void {
    this.byKey.set(meta.key, meta);
    const current = this.latest.get(meta.bpmnProcessId);
    if (!current || current.version < meta.version) this.latest.set(meta.bpmnProcessId, meta);
    if (model) this.models.set(meta.key, model);
  }

  byDefinitionKey(key: string): DefinitionMeta | undefined {
    return this.byKey.get(key);
  }

  latestVersion(bpmnProcessId: string): DefinitionMeta | undefined {
    return this.latest.get(bpmnProcessId);
  }

  byVersion(bpmnProcessId: string, version: number): DefinitionMeta | undefined {
    for (const meta of this.byKey.values()) {
      if (meta.bpmnProcessId === bpmnProcessId && meta.version === version) return meta;
    }
    return undefined;
  }

  /** The parsed model; parsed from the stored resource the first time it is needed. */
  async model(key: string, client: pg.PoolClient | pg.Pool = this.pool): Promise<ProcessModel> {
    const cached = this.models.get(key);
    if (cached) return cached;
    const meta = this.byKey.get(key);
    const { rows } = await client.query<{ resource: string }>(
      'select resource from engine.process_definitions where key = $1::bigint',
      [key],
    );
    if (!meta || !rows[0]) throw new Error(`process definition ${key} is not stored`);
    const parsed = await parseBpmn(meta.resourceName, rows[0].resource);
    const model = parsed.processes.find((p) => p.bpmnProcessId === meta.bpmnProcessId);
    if (!model)
      throw new Error(`process definition ${key} does not contain process '${meta.bpmnProcessId}'`);
    this.models.set(key, model);
    return model;
  }

  /** Start events of one kind in the latest version of every process (for messages and signals). */
  *startEvents(
    type: 'message' | 'signal' | 'timer',
  ): Generator<{ meta: DefinitionMeta; model: ProcessModel; start: ElementModel }> {
    for (const meta of this.latest.values()) {
      const model = this.models.get(meta.key);
      if (!model) continue;
      for (const id of model.eventStartIds) {
        const start = model.elements.get(id);
        if (start?.event?.type === type) yield { meta, model, start };
      }
    }
  }

  /** All versions of a process, for cancelling the start timers of replaced versions. */
  versionsOf(bpmnProcessId: string): DefinitionMeta[] {
    return [...this.byKey.values()].filter((meta) => meta.bpmnProcessId === bpmnProcessId);
  }

  /** Models already parsed, for the runtime's synchronous call-activity lookup. */
  cachedModel(key: string): ProcessModel | undefined {
    return this.models.get(key);
  }
}
