/** What the monitor's pages share: the diagram's keyboard buttons, durations, state names. */
import type { ProcessDiagram } from '../components/bpmn-viewer';
import { h } from '../dom';
import { t } from '../i18n/i18n';

/** Zoom and fit as buttons: the canvas itself only answers a mouse. */
export function diagramTools(diagram: ProcessDiagram): HTMLElement {
  return h(
    'div',
    { class: 'designer-buttons diagram-tools' },
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => diagram.zoom(1) },
      t('monitor.zoomIn'),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => diagram.zoom(-1) },
      t('monitor.zoomOut'),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => diagram.fit() },
      t('designer.fit'),
    ),
  );
}

/** 45 s, 12 min, 3.5 h, 2.1 days: the unit a person would say. */
export function duration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 90) return t('duration.seconds', { n: Math.round(seconds) });
  if (seconds < 90 * 60) return t('duration.minutes', { n: Math.round(seconds / 60) });
  if (seconds < 36 * 3600) return t('duration.hours', { n: (seconds / 3600).toFixed(1) });
  return t('duration.days', { n: (seconds / 86400).toFixed(1) });
}

export function instanceState(state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED'): string {
  return t(`monitor.state.${state}`);
}

/**
 * Resolves once the element is in the document: bpmn-js measures its container to fit the
 * diagram, and a page's view is attached only after its render returns.
 */
export function whenInDocument(element: HTMLElement): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (element.isConnected ? resolve() : requestAnimationFrame(check));
    check();
  });
}
