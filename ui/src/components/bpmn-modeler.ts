/**
 * The process designer's modeler: bpmn-js with the Zeebe properties panel, Camunda 8's modelling
 * behaviours (camunda-bpmn-js-behaviors) and live linting (bpmn-js-bpmnlint with the API's own
 * rules, see bpmn-lint-config.ts) that marks each problem on its element. Loaded on demand, as its
 * own chunk: only process designers download it.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';

import BpmnModeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';

import { lintConfig, lintResolver } from './bpmn-lint-config';

export interface LintProblem {
  elementId: string;
  elementName: string;
  rule: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
}

export interface ProcessModeler {
  /** The diagram as BPMN XML, formatted. */
  xml(): Promise<string>;
  open(xml: string): Promise<void>;
  /** Called after each lint run (on every change), with the problems found. */
  onLint(listener: (problems: LintProblem[]) => void): void;
  /** Lints the diagram as it is now (a change's own lint run may still be under way). */
  lint(): Promise<LintProblem[]>;
  /** The diagram's elements (shapes and flows, not labels), for choosing one by keyboard. */
  elements(): Array<{ id: string; name: string; type: string }>;
  /** Selects an element (the properties panel shows it) and scrolls it into view. */
  select(elementId: string): void;
  undo(): void;
  redo(): void;
  fit(): void;
  destroy(): void;
}

interface Element {
  id: string;
  type: string;
  businessObject: { name?: string };
  waypoints?: unknown;
}
interface Issue {
  id?: string;
  message: string;
  category: string;
  rule?: string;
}
/** By element id (the linting.completed event), or by rule (a lint run's own answer). */
type Issues = Record<string, Issue[]>;
type Reports = Record<string, Issue[]>;

export function createModeler(canvas: HTMLElement, panel: HTMLElement): ProcessModeler {
  const modeler = new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: panel },
    linting: { bpmnlint: { config: lintConfig, resolver: lintResolver }, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      lintModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  });
  const listeners = new Set<(problems: LintProblem[]) => void>();
  const registry = modeler.get<{ get(id: string): Element | undefined; getAll(): Element[] }>(
    'elementRegistry',
  );

  const problem = (elementId: string, issue: Issue): LintProblem => ({
    elementId,
    elementName: registry.get(elementId)?.businessObject.name?.trim() || elementId,
    rule: issue.rule ?? '',
    message: issue.message,
    category: issue.category as LintProblem['category'],
  });

  const canvasService = modeler.get<{
    zoom(level: 'fit-viewport', center?: 'auto'): void;
    scrollToElement(element: Element): void;
    addMarker(id: string, marker: string): void;
    removeMarker(id: string, marker: string): void;
  }>('canvas');

  // Besides bpmnlint's own icons, an element with an error gets a red outline (lint-error).
  let marked: string[] = [];
  modeler.on('linting.completed', ({ issues }: { issues: Issues }) => {
    const problems = Object.entries(issues).flatMap(([elementId, list]) =>
      list.map((issue) => problem(elementId, issue)),
    );
    for (const id of marked) if (registry.get(id)) canvasService.removeMarker(id, 'lint-error');
    marked = [
      ...new Set(problems.filter((p) => p.category === 'error').map((p) => p.elementId)),
    ].filter((id) => registry.get(id));
    for (const id of marked) canvasService.addMarker(id, 'lint-error');
    for (const listener of listeners) listener(problems);
  });

  const commandStack = modeler.get<{ undo(): void; redo(): void }>('commandStack');

  return {
    async xml() {
      const { xml } = await modeler.saveXML({ format: true });
      return xml ?? '';
    },
    async open(xml) {
      await modeler.importXML(xml);
      canvasService.zoom('fit-viewport', 'auto');
    },
    onLint: (listener) => void listeners.add(listener),
    async lint() {
      const reports = await modeler.get<{ lint(): Promise<Reports> }>('linting').lint();
      return Object.entries(reports).flatMap(([rule, list]) =>
        list.map((issue) => problem(issue.id ?? '', { ...issue, rule })),
      );
    },
    select(elementId) {
      const element = registry.get(elementId);
      if (!element) return;
      modeler.get<{ select(element: Element): void }>('selection').select(element);
      canvasService.scrollToElement(element);
    },
    elements: () =>
      registry
        .getAll()
        .filter((e) => e.type !== 'label' && !e.type.startsWith('bpmndi') && e.businessObject)
        .map((e) => ({
          id: e.id,
          name: e.businessObject.name?.trim() || '',
          type: e.type.replace(/^bpmn:/, ''),
        })),
    undo: () => commandStack.undo(),
    redo: () => commandStack.redo(),
    fit: () => canvasService.zoom('fit-viewport', 'auto'),
    destroy: () => modeler.destroy(),
  };
}
