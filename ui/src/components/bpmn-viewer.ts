/**
 * A deployed process version's diagram, read-only (bpmn-js NavigatedViewer: drag to pan, wheel to
 * zoom), with what the monitor lays over it: count badges, a heat map of time spent, an
 * instance's path. Loaded on demand, as its own chunk.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

export interface ElementFigures {
  elementId: string;
  active: number;
  incidents: number;
  averageDurationMs: number | null;
}

interface Shape {
  id: string;
  type: string;
  businessObject: { name?: string };
  waypoints?: unknown;
}

interface ElementRegistry {
  get(id: string): Shape | undefined;
  getAll(): Shape[];
}
interface Overlays {
  add(
    id: string,
    type: string,
    overlay: { position: Record<string, number>; html: HTMLElement },
  ): void;
  clear(): void;
}
interface Canvas {
  zoom(level: 'fit-viewport', center?: 'auto'): void;
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
}

export interface ProcessDiagram {
  /** Each flow node's name (its id when it has none), for tables beside the diagram. */
  names: Map<string, string>;
  showFigures(figures: ElementFigures[]): { maxAverageMs: number };
  showPath(path: { completed: string[]; active: string[]; incidents: string[] }): void;
  fit(): void;
  zoom(step: number): void;
  destroy(): void;
}

// Light enough that an element's black label stays readable on the hottest (contrast > 6:1).
const heatColours = ['#fff7d6', '#ffe08a', '#ffb35c', '#ff8a5c', '#f0604d'];

/** The heat map's colour for a share (0–1) of the slowest element's average time. */
export function heatColour(share: number): string {
  const index = Math.min(heatColours.length - 1, Math.floor(share * heatColours.length));
  return heatColours[Math.max(0, index)]!;
}
export const heatScale = heatColours;

export async function renderDiagram(container: HTMLElement, xml: string): Promise<ProcessDiagram> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  const overlays = viewer.get<Overlays>('overlays');
  const canvas = viewer.get<Canvas>('canvas');
  canvas.zoom('fit-viewport', 'auto');

  const names = new Map<string, string>();
  for (const element of registry.getAll()) {
    if (element.waypoints || element.type === 'label') continue;
    names.set(element.id, element.businessObject.name?.trim() || element.id);
  }

  function badge(id: string, className: string, text: string, title: string, right: boolean) {
    if (!registry.get(id)) return;
    const html = document.createElement('span');
    html.className = `diagram-badge ${className}`;
    html.textContent = text;
    html.title = title;
    overlays.add(id, 'figures', {
      position: right ? { bottom: 10, right: 10 } : { bottom: 10, left: -10 },
      html,
    });
  }

  return {
    names,
    showFigures(figures) {
      overlays.clear();
      const maxAverageMs = Math.max(0, ...figures.map((f) => f.averageDurationMs ?? 0));
      for (const f of figures) {
        const shape = registry.get(f.elementId);
        if (!shape) continue;
        if (f.averageDurationMs !== null && maxAverageMs > 0 && !shape.waypoints) {
          const visual = viewer
            .get<{ getGraphics(id: string): SVGElement }>('elementRegistry')
            .getGraphics(f.elementId)
            .querySelector<SVGElement>('.djs-visual > :first-child');
          visual?.style.setProperty('fill', heatColour(f.averageDurationMs / maxAverageMs));
        }
        if (f.active > 0) badge(f.elementId, 'badge-active', String(f.active), 'active', false);
        if (f.incidents > 0)
          badge(f.elementId, 'badge-incident', String(f.incidents), 'incidents', true);
      }
      return { maxAverageMs };
    },
    showPath({ completed, active, incidents }) {
      for (const id of completed) if (registry.get(id)) canvas.addMarker(id, 'path-completed');
      for (const id of active) if (registry.get(id)) canvas.addMarker(id, 'path-active');
      for (const id of incidents) if (registry.get(id)) canvas.addMarker(id, 'path-incident');
    },
    fit: () => canvas.zoom('fit-viewport', 'auto'),
    zoom(step) {
      const zoomScroll = viewer.get<{ stepZoom(step: number): void }>('zoomScroll');
      zoomScroll.stepZoom(step);
    },
    destroy: () => viewer.destroy(),
  };
}
