/**
 * Describes one executable Zeebe process — its lanes, elements on a grid and flows — and writes it
 * as BPMN 2.0 XML with a diagram (BPMN DI) that reads well in a modeler.
 *
 * Why a builder and not hand-edited XML: the diagrams of processes/ share conventions (lanes per
 * actor, service levels through `ektp.sla.*` jobs, user tasks with forms and candidate groups) and
 * their layout must stay tidy as steps are added. Elements are placed on a grid (lane, column,
 * row); shapes and edge waypoints are computed from it, so moving a step is one number.
 */
import type { FormDefinition } from './form-builder.js';

export interface Lane {
  id: string;
  name: string;
  /** Rows this lane holds (1 = main path only); boundary paths and alternatives use rows below. */
  rows?: number;
}

export interface Place {
  lane: string;
  col: number;
  row?: number;
}

type IoMapping = Record<string, string>;

type Kind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'serviceTask'
  | 'userTask'
  | 'callActivity'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'eventBasedGateway'
  | 'subProcess';

type EventTrigger =
  | { kind: 'timer'; timeDate?: string; timeDuration?: string; timeCycle?: string }
  | { kind: 'message'; message: string }
  | { kind: 'error'; errorCode?: string }
  | { kind: 'terminate' };

interface Element {
  id: string;
  kind: Kind;
  name: string;
  place: Place;
  /** The sub-process this element belongs to, if any. */
  parent?: string;
  trigger?: EventTrigger;
  attachedTo?: string;
  /** Boundary events: position along the bottom edge of the host (0, 1, 2). */
  slot?: number;
  interrupting?: boolean;
  jobType?: string;
  retries?: number;
  headers?: Record<string, string>;
  inputs?: IoMapping;
  outputs?: IoMapping;
  candidateGroups?: string;
  assignee?: string;
  dueDate?: string;
  formKey?: string;
  calledProcessId?: string;
  multiInstance?: { inputCollection: string; inputElement: string; sequential?: boolean };
  /** Sub-processes: the grid area they cover (inclusive). */
  area?: { toCol: number; toRow: number };
  triggeredByEvent?: boolean;
  documentation?: string;
}

interface Flow {
  id: string;
  from: string;
  to: string;
  name?: string;
  condition?: string;
  isDefault?: boolean;
  /** Draw a flow back to an earlier column under the shapes instead of over them. */
  loopBelow?: boolean;
}

export interface ProcessDocument {
  bpmnProcessId: string;
  xml: string;
  forms: FormDefinition[];
  jobTypes: string[];
}

// Grid geometry: each column is 160 px wide, each row 130 px high; a lane has a 30 px header.
const colWidth = 160;
const rowHeight = 130;
const laneHeader = 30;
const poolHeader = 30;
const originX = 60;
const originY = 40;

const sizes: Record<string, { width: number; height: number }> = {
  event: { width: 36, height: 36 },
  gateway: { width: 50, height: 50 },
  task: { width: 110, height: 80 },
};

function shapeKind(kind: Kind): 'event' | 'gateway' | 'task' {
  if (kind.endsWith('Event')) return 'event';
  if (kind.endsWith('Gateway')) return 'gateway';
  return 'task';
}

export class ProcessBuilder {
  private readonly elements = new Map<string, Element>();
  private readonly flows: Flow[] = [];
  private readonly messages = new Map<string, string>();
  private readonly errors = new Set<string>();
  private readonly forms: FormDefinition[] = [];
  private currentParent: string | undefined;

  constructor(
    private readonly definition: {
      id: string;
      name: string;
      documentation: string;
      lanes: Lane[];
    },
  ) {}

  start(id: string, name: string, place: Place, trigger?: EventTrigger): this {
    return this.add({ id, kind: 'startEvent', name, place, ...(trigger ? { trigger } : {}) });
  }

  end(id: string, name: string, place: Place, trigger?: EventTrigger): this {
    return this.add({ id, kind: 'endEvent', name, place, ...(trigger ? { trigger } : {}) });
  }

  /** An end event that throws the BPMN error `errorCode` to the caller. */
  errorEnd(id: string, name: string, place: Place, errorCode: string): this {
    return this.end(id, name, place, { kind: 'error', errorCode });
  }

  catchEvent(id: string, name: string, place: Place, trigger: EventTrigger): this {
    return this.add({ id, kind: 'intermediateCatchEvent', name, place, trigger });
  }

  /** A service task: a job of `type` for the workers of workers/src/handlers. */
  service(
    id: string,
    name: string,
    place: Place,
    job: {
      type: string;
      headers?: Record<string, string>;
      inputs?: IoMapping;
      outputs?: IoMapping;
      retries?: number;
    },
  ): this {
    return this.add({
      id,
      kind: 'serviceTask',
      name,
      place,
      jobType: job.type,
      retries: job.retries ?? 3,
      ...(job.headers ? { headers: job.headers } : {}),
      ...(job.inputs ? { inputs: job.inputs } : {}),
      ...(job.outputs ? { outputs: job.outputs } : {}),
    });
  }

  /**
   * A job-worker user task (DESIGN.md §6): candidate groups are role names, the due date a FEEL
   * expression over an SLA variable, the form a Camunda Form kept in processes/forms/.
   */
  userTask(
    id: string,
    name: string,
    place: Place,
    task: {
      groups: string;
      assignee?: string;
      due?: string;
      form: FormDefinition;
      inputs?: IoMapping;
      outputs?: IoMapping;
    },
  ): this {
    if (!this.forms.some((f) => f.id === task.form.id)) this.forms.push(task.form);
    return this.add({
      id,
      kind: 'userTask',
      name,
      place,
      candidateGroups: task.groups,
      formKey: `ektp:${task.form.id}`,
      ...(task.assignee ? { assignee: task.assignee } : {}),
      ...(task.due ? { dueDate: task.due } : {}),
      ...(task.inputs ? { inputs: task.inputs } : {}),
      ...(task.outputs ? { outputs: task.outputs } : {}),
    });
  }

  call(
    id: string,
    name: string,
    place: Place,
    call: {
      processId: string;
      inputs?: IoMapping;
      outputs?: IoMapping;
      multiInstance?: Element['multiInstance'];
    },
  ): this {
    return this.add({
      id,
      kind: 'callActivity',
      name,
      place,
      calledProcessId: call.processId,
      ...(call.inputs ? { inputs: call.inputs } : {}),
      ...(call.outputs ? { outputs: call.outputs } : {}),
      ...(call.multiInstance ? { multiInstance: call.multiInstance } : {}),
    });
  }

  gateway(
    id: string,
    name: string,
    place: Place,
    kind: 'exclusive' | 'parallel' | 'event' = 'exclusive',
  ): this {
    const kinds = {
      exclusive: 'exclusiveGateway',
      parallel: 'parallelGateway',
      event: 'eventBasedGateway',
    } as const;
    return this.add({ id, kind: kinds[kind], name, place });
  }

  /** A boundary event on `host`, drawn on the host's bottom edge at `slot` (0 = left). */
  boundary(
    id: string,
    name: string,
    host: string,
    trigger: EventTrigger,
    options: { interrupting?: boolean; slot?: number } = {},
  ): this {
    const hostElement = this.element(host);
    return this.add({
      id,
      kind: 'boundaryEvent',
      name,
      place: hostElement.place,
      attachedTo: host,
      trigger,
      slot: options.slot ?? 0,
      interrupting: options.interrupting ?? true,
    });
  }

  /** Elements added inside `build` belong to an embedded sub-process covering a grid area. */
  subProcess(
    id: string,
    name: string,
    place: Place,
    area: { toCol: number; toRow: number },
    build: (builder: this) => void,
    options: { eventSubProcess?: boolean } = {},
  ): this {
    this.add({
      id,
      kind: 'subProcess',
      name,
      place,
      area,
      ...(options.eventSubProcess ? { triggeredByEvent: true } : {}),
    });
    const outer = this.currentParent;
    this.currentParent = id;
    build(this);
    this.currentParent = outer;
    return this;
  }

  flow(
    from: string,
    to: string,
    options: { name?: string; condition?: string; isDefault?: boolean; loopBelow?: boolean } = {},
  ): this {
    this.flows.push({ id: `flow-${from}-${to}`, from, to, ...options });
    return this;
  }

  /** Flows `a → b → c …` without names or conditions. */
  chain(...ids: string[]): this {
    for (let i = 1; i < ids.length; i++) this.flow(ids[i - 1]!, ids[i]!);
    return this;
  }

  /** Declares a message caught somewhere in the process, with its correlation key expression. */
  message(name: string, correlationKey: string): this {
    this.messages.set(name, correlationKey);
    return this;
  }

  build(): ProcessDocument {
    this.check();
    return {
      bpmnProcessId: this.definition.id,
      xml: this.toXml(),
      forms: this.forms,
      jobTypes: [
        ...new Set([...this.elements.values()].flatMap((e) => (e.jobType ? [e.jobType] : []))),
      ].sort(),
    };
  }

  private add(element: Element): this {
    if (this.elements.has(element.id))
      throw new Error(`${this.definition.id}: duplicate element '${element.id}'`);
    if (!/^[a-zA-Z_][\w-]*$/.test(element.id))
      throw new Error(`${this.definition.id}: bad element id '${element.id}'`);
    if (!this.definition.lanes.some((l) => l.id === element.place.lane)) {
      throw new Error(
        `${this.definition.id}: element '${element.id}' is in unknown lane '${element.place.lane}'`,
      );
    }
    if (element.trigger?.kind === 'error' && element.trigger.errorCode)
      this.errors.add(element.trigger.errorCode);
    if (element.trigger?.kind === 'message' && !this.messages.has(element.trigger.message)) {
      throw new Error(
        `${this.definition.id}: message '${element.trigger.message}' used before it is declared`,
      );
    }
    this.elements.set(element.id, {
      ...element,
      ...(this.currentParent ? { parent: this.currentParent } : {}),
    });
    return this;
  }

  private element(id: string): Element {
    const element = this.elements.get(id);
    if (!element) throw new Error(`${this.definition.id}: no element '${id}'`);
    return element;
  }

  private check(): void {
    for (const flow of this.flows) {
      const from = this.element(flow.from);
      const to = this.element(flow.to);
      if (from.parent !== to.parent) {
        throw new Error(`${this.definition.id}: flow ${flow.id} crosses a sub-process boundary`);
      }
    }
    const ids = new Set<string>();
    for (const flow of this.flows) {
      if (ids.has(flow.id))
        throw new Error(`${this.definition.id}: two flows from '${flow.from}' to '${flow.to}'`);
      ids.add(flow.id);
    }
  }

  // ---- geometry ----------------------------------------------------------------------------

  private laneTops(): Map<string, { top: number; height: number }> {
    const tops = new Map<string, { top: number; height: number }>();
    let y = originY;
    for (const lane of this.definition.lanes) {
      const height = (lane.rows ?? 1) * rowHeight;
      tops.set(lane.id, { top: y, height });
      y += height;
    }
    return tops;
  }

  private columns(): number {
    let max = 0;
    for (const e of this.elements.values()) max = Math.max(max, e.area?.toCol ?? e.place.col);
    return max + 1;
  }

  /** The centre of grid cell (lane, col, row). */
  private cellCentre(place: Place): { x: number; y: number } {
    const lane = this.laneTops().get(place.lane)!;
    return {
      x: originX + poolHeader + laneHeader + colWidth * place.col + colWidth / 2,
      y: lane.top + rowHeight * (place.row ?? 0) + rowHeight / 2,
    };
  }

  private bounds(element: Element): { x: number; y: number; width: number; height: number } {
    if (element.kind === 'subProcess' && element.area) {
      const from = this.cellCentre(element.place);
      const to = this.cellCentre({
        ...element.place,
        col: element.area.toCol,
        row: element.area.toRow,
      });
      return {
        x: from.x - colWidth / 2 + 8,
        y: from.y - rowHeight / 2 + 8,
        width: to.x - from.x + colWidth - 16,
        height: to.y - from.y + rowHeight - 16,
      };
    }
    if (element.kind === 'boundaryEvent') {
      const host = this.bounds(this.element(element.attachedTo!));
      const size = sizes.event!;
      return {
        x: host.x + 1 + (element.slot ?? 0) * 37,
        y: host.y + host.height - size.height / 2,
        ...size,
      };
    }
    const size = sizes[shapeKind(element.kind)]!;
    const centre = this.cellCentre(element.place);
    return { x: centre.x - size.width / 2, y: centre.y - size.height / 2, ...size };
  }

  /** Orthogonal waypoints: leave right (or down/up from gateways and boundary events), enter left. */
  private waypoints(flow: Flow): Array<{ x: number; y: number }> {
    const from = this.element(flow.from);
    const to = this.element(flow.to);
    const a = this.bounds(from);
    const b = this.bounds(to);
    const ac = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
    const bc = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    const verticalFirst = from.kind === 'boundaryEvent' || shapeKind(from.kind) === 'gateway';
    if (flow.loopBelow) {
      const lowY = Math.max(a.y + a.height, b.y + b.height) + 22;
      return [
        { x: ac.x, y: a.y + a.height },
        { x: ac.x, y: lowY },
        { x: bc.x, y: lowY },
        { x: bc.x, y: b.y + b.height },
      ];
    }
    if (verticalFirst && (b.y > a.y + a.height || b.y + b.height < a.y)) {
      // Down (or up) from a boundary event or gateway, then sideways into the target.
      const below = b.y > a.y;
      const exitY = below ? a.y + a.height : a.y;
      if (ac.x >= b.x && ac.x <= b.x + b.width) {
        return [
          { x: ac.x, y: exitY },
          { x: ac.x, y: below ? b.y : b.y + b.height },
        ];
      }
      const entryX = ac.x < b.x ? b.x : b.x + b.width;
      return [
        { x: ac.x, y: exitY },
        { x: ac.x, y: bc.y },
        { x: entryX, y: bc.y },
      ];
    }
    if (from.kind === 'boundaryEvent' && b.x > a.x + a.width && bc.y <= ac.y) {
      // From a boundary event to a shape on its host's row: under the host, then up into it.
      const underY = a.y + a.height + 18;
      return [
        { x: ac.x, y: a.y + a.height },
        { x: ac.x, y: underY },
        { x: bc.x, y: underY },
        { x: bc.x, y: b.y + b.height },
      ];
    }
    if (b.x > a.x + a.width) {
      if (Math.abs(ac.y - bc.y) < 1)
        return [
          { x: a.x + a.width, y: ac.y },
          { x: b.x, y: bc.y },
        ];
      if (verticalFirst) {
        const exitY = bc.y > ac.y ? a.y + a.height : a.y;
        return [
          { x: ac.x, y: exitY },
          { x: ac.x, y: bc.y },
          { x: b.x, y: bc.y },
        ];
      }
      if (shapeKind(to.kind) === 'gateway') {
        // Joining a gateway from above or below: enter through its top or bottom corner.
        const entryY = ac.y < bc.y ? b.y : b.y + b.height;
        return [
          { x: a.x + a.width, y: ac.y },
          { x: bc.x, y: ac.y },
          { x: bc.x, y: entryY },
        ];
      }
      const midX = (a.x + a.width + b.x) / 2;
      return [
        { x: a.x + a.width, y: ac.y },
        { x: midX, y: ac.y },
        { x: midX, y: bc.y },
        { x: b.x, y: bc.y },
      ];
    }
    if (Math.abs(ac.x - bc.x) < 1) {
      // Stacked in one column: straight down or up.
      return ac.y < bc.y
        ? [
            { x: ac.x, y: a.y + a.height },
            { x: bc.x, y: b.y },
          ]
        : [
            { x: ac.x, y: a.y },
            { x: bc.x, y: b.y + b.height },
          ];
    }
    // Back to an earlier column: a loop over the top of both shapes.
    const topY = Math.min(a.y, b.y) - 22;
    return [
      { x: ac.x, y: a.y },
      { x: ac.x, y: topY },
      { x: bc.x, y: topY },
      { x: bc.x, y: b.y },
    ];
  }

  // ---- XML ---------------------------------------------------------------------------------

  private toXml(): string {
    const p = this.definition;
    const out: string[] = [];
    out.push('<?xml version="1.0" encoding="UTF-8"?>');
    out.push(
      `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="definitions-${p.id}" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.5.0">`,
    );
    out.push(`  <bpmn:collaboration id="collaboration-${p.id}">`);
    out.push(
      `    <bpmn:participant id="participant-${p.id}" name="${esc(p.name)}" processRef="${p.id}" />`,
    );
    out.push('  </bpmn:collaboration>');
    out.push(`  <bpmn:process id="${p.id}" name="${esc(p.name)}" isExecutable="true">`);
    out.push(`    <bpmn:documentation>${esc(p.documentation)}</bpmn:documentation>`);
    out.push(`    <bpmn:laneSet id="lanes-${p.id}">`);
    for (const lane of p.lanes) {
      out.push(`      <bpmn:lane id="lane-${lane.id}" name="${esc(lane.name)}">`);
      for (const e of this.elements.values()) {
        if (!e.parent && e.place.lane === lane.id)
          out.push(`        <bpmn:flowNodeRef>${e.id}</bpmn:flowNodeRef>`);
      }
      out.push('      </bpmn:lane>');
    }
    out.push('    </bpmn:laneSet>');
    this.writeScope(out, undefined, '    ');
    out.push('  </bpmn:process>');
    for (const [name, key] of [...this.messages.entries()].sort()) {
      out.push(`  <bpmn:message id="message-${name}" name="${esc(name)}">`);
      out.push(
        `    <bpmn:extensionElements><zeebe:subscription correlationKey="${esc(key)}" /></bpmn:extensionElements>`,
      );
      out.push('  </bpmn:message>');
    }
    for (const code of [...this.errors].sort()) {
      out.push(`  <bpmn:error id="error-${code}" name="${esc(code)}" errorCode="${esc(code)}" />`);
    }
    this.writeDiagram(out);
    out.push('</bpmn:definitions>');
    return `${out.join('\n')}\n`;
  }

  private writeScope(out: string[], parent: string | undefined, indent: string): void {
    for (const e of this.elements.values()) {
      if (e.parent !== parent) continue;
      this.writeElement(out, e, indent);
    }
    for (const f of this.flows) {
      if (this.element(f.from).parent !== parent) continue;
      const name = f.name ? ` name="${esc(f.name)}"` : '';
      if (f.condition) {
        out.push(
          `${indent}<bpmn:sequenceFlow id="${f.id}"${name} sourceRef="${f.from}" targetRef="${f.to}">`,
        );
        out.push(
          `${indent}  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>`,
        );
        out.push(`${indent}</bpmn:sequenceFlow>`);
      } else {
        out.push(
          `${indent}<bpmn:sequenceFlow id="${f.id}"${name} sourceRef="${f.from}" targetRef="${f.to}" />`,
        );
      }
    }
  }

  private writeElement(out: string[], e: Element, indent: string): void {
    const attributes = [`id="${e.id}"`, `name="${esc(e.name)}"`];
    if (e.kind === 'boundaryEvent') {
      attributes.push(`attachedToRef="${e.attachedTo}"`);
      if (e.interrupting === false) attributes.push('cancelActivity="false"');
    }
    if (e.triggeredByEvent) attributes.push('triggeredByEvent="true"');
    const defaultFlow = this.flows.find((f) => f.from === e.id && f.isDefault);
    if (defaultFlow) attributes.push(`default="${defaultFlow.id}"`);
    out.push(`${indent}<bpmn:${e.kind} ${attributes.join(' ')}>`);
    const inner = indent + '  ';
    if (e.documentation)
      out.push(`${inner}<bpmn:documentation>${esc(e.documentation)}</bpmn:documentation>`);
    const extensions = this.extensions(e);
    if (extensions.length > 0) {
      out.push(`${inner}<bpmn:extensionElements>`);
      for (const line of extensions) out.push(`${inner}  ${line}`);
      out.push(`${inner}</bpmn:extensionElements>`);
    }
    for (const f of this.flows)
      if (f.to === e.id) out.push(`${inner}<bpmn:incoming>${f.id}</bpmn:incoming>`);
    for (const f of this.flows)
      if (f.from === e.id) out.push(`${inner}<bpmn:outgoing>${f.id}</bpmn:outgoing>`);
    if (e.multiInstance) {
      const sequential = e.multiInstance.sequential ? ' isSequential="true"' : '';
      out.push(`${inner}<bpmn:multiInstanceLoopCharacteristics${sequential}>`);
      out.push(
        `${inner}  <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="${esc(e.multiInstance.inputCollection)}" inputElement="${esc(e.multiInstance.inputElement)}" /></bpmn:extensionElements>`,
      );
      out.push(`${inner}</bpmn:multiInstanceLoopCharacteristics>`);
    }
    if (e.trigger) out.push(...this.eventDefinition(e, inner));
    if (e.kind === 'subProcess') this.writeScope(out, e.id, inner);
    out.push(`${indent}</bpmn:${e.kind}>`);
  }

  private extensions(e: Element): string[] {
    const lines: string[] = [];
    if (e.jobType)
      lines.push(`<zeebe:taskDefinition type="${esc(e.jobType)}" retries="${e.retries ?? 3}" />`);
    if (e.kind === 'userTask') {
      lines.push(`<zeebe:formDefinition formKey="${esc(e.formKey!)}" />`);
      const assignee = e.assignee ? ` assignee="${esc(e.assignee)}"` : '';
      lines.push(
        `<zeebe:assignmentDefinition${assignee} candidateGroups="${esc(e.candidateGroups!)}" />`,
      );
      if (e.dueDate) lines.push(`<zeebe:taskSchedule dueDate="${esc(e.dueDate)}" />`);
    }
    if (e.calledProcessId) {
      lines.push(
        `<zeebe:calledElement processId="${esc(e.calledProcessId)}" propagateAllChildVariables="false" />`,
      );
    }
    if (e.headers && Object.keys(e.headers).length > 0) {
      lines.push('<zeebe:taskHeaders>');
      for (const [key, value] of Object.entries(e.headers)) {
        lines.push(`  <zeebe:header key="${esc(key)}" value="${esc(value)}" />`);
      }
      lines.push('</zeebe:taskHeaders>');
    }
    if (e.inputs || e.outputs) {
      lines.push('<zeebe:ioMapping>');
      for (const [target, source] of Object.entries(e.inputs ?? {})) {
        lines.push(`  <zeebe:input source="${esc(source)}" target="${esc(target)}" />`);
      }
      for (const [target, source] of Object.entries(e.outputs ?? {})) {
        lines.push(`  <zeebe:output source="${esc(source)}" target="${esc(target)}" />`);
      }
      lines.push('</zeebe:ioMapping>');
    }
    return lines;
  }

  private eventDefinition(e: Element, indent: string): string[] {
    const t = e.trigger!;
    const id = `${e.id}-definition`;
    switch (t.kind) {
      case 'timer': {
        const [tag, value] = t.timeDate
          ? ['timeDate', t.timeDate]
          : t.timeDuration
            ? ['timeDuration', t.timeDuration]
            : ['timeCycle', t.timeCycle!];
        return [
          `${indent}<bpmn:timerEventDefinition id="${id}">`,
          `${indent}  <bpmn:${tag} xsi:type="bpmn:tFormalExpression">${esc(value)}</bpmn:${tag}>`,
          `${indent}</bpmn:timerEventDefinition>`,
        ];
      }
      case 'message':
        return [
          `${indent}<bpmn:messageEventDefinition id="${id}" messageRef="message-${t.message}" />`,
        ];
      case 'error':
        return [
          t.errorCode
            ? `${indent}<bpmn:errorEventDefinition id="${id}" errorRef="error-${t.errorCode}" />`
            : `${indent}<bpmn:errorEventDefinition id="${id}" />`,
        ];
      case 'terminate':
        return [`${indent}<bpmn:terminateEventDefinition id="${id}" />`];
    }
  }

  private writeDiagram(out: string[]): void {
    const p = this.definition;
    const tops = this.laneTops();
    const last = p.lanes[p.lanes.length - 1]!;
    const bottom = tops.get(last.id)!.top + tops.get(last.id)!.height;
    const width = poolHeader + laneHeader + this.columns() * colWidth;
    out.push(`  <bpmndi:BPMNDiagram id="diagram-${p.id}">`);
    out.push(`    <bpmndi:BPMNPlane id="plane-${p.id}" bpmnElement="collaboration-${p.id}">`);
    out.push(
      `      <bpmndi:BPMNShape id="participant-${p.id}_di" bpmnElement="participant-${p.id}" isHorizontal="true">${dcBounds({ x: originX, y: originY, width, height: bottom - originY })}</bpmndi:BPMNShape>`,
    );
    for (const lane of p.lanes) {
      const { top, height } = tops.get(lane.id)!;
      out.push(
        `      <bpmndi:BPMNShape id="lane-${lane.id}_di" bpmnElement="lane-${lane.id}" isHorizontal="true">${dcBounds({ x: originX + poolHeader, y: top, width: width - poolHeader, height })}</bpmndi:BPMNShape>`,
      );
    }
    for (const e of this.elements.values()) {
      const expanded = e.kind === 'subProcess' ? ' isExpanded="true"' : '';
      out.push(
        `      <bpmndi:BPMNShape id="${e.id}_di" bpmnElement="${e.id}"${expanded}>${dcBounds(this.bounds(e))}</bpmndi:BPMNShape>`,
      );
    }
    for (const f of this.flows) {
      const points = this.waypoints(f)
        .map((w) => `<di:waypoint x="${Math.round(w.x)}" y="${Math.round(w.y)}" />`)
        .join('');
      out.push(
        `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${points}</bpmndi:BPMNEdge>`,
      );
    }
    out.push('    </bpmndi:BPMNPlane>');
    out.push('  </bpmndi:BPMNDiagram>');
  }
}

function dcBounds(b: { x: number; y: number; width: number; height: number }): string {
  return `<dc:Bounds x="${Math.round(b.x)}" y="${Math.round(b.y)}" width="${Math.round(b.width)}" height="${Math.round(b.height)}" />`;
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
