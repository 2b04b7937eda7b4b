/**
 * The process designer (/perancang): a deployed process in the bpmn-js modeler with the Zeebe
 * properties panel, its lint problems marked on the diagram and listed beside it, a Camunda Form
 * in the form-js editor, deployment as a new version, and the process's version history.
 *
 * The modeler and the form editor are chunks of their own, loaded here only. The canvas is a
 * mouse tool; everything else (open, undo, deploy, each problem, each version) is a button or a
 * link, and the properties panel is an ordinary form.
 */
import { ApiFailure, call, type Answer } from '../api/client';
import type { LintProblem, ProcessModeler } from '../components/bpmn-modeler';
import type { FormDesign } from '../components/form-editor';
import { h, uniqueId } from '../dom';
import { t } from '../i18n/i18n';
import { describeFailure, errorBox, heading, setFlash, type PageRender } from '../page';
import { navigate } from '../router';
import { whenInDocument } from './monitor-shared';

type Version = Answer<'listProcessDefinitions'>['processes'][number]['versions'][number];

/** bpmnlint's categories that a deployment refuses (a warning does not block). */
const blocking = new Set(['error', 'rule-error']);

export const designerPage: PageRender = async ({ query, signal }) => {
  const { processes } = await call('listProcessDefinitions', { signal });
  const key = query.get('definisi') ?? processes[0]?.latestProcessDefinitionKey;
  const opened = key
    ? await call('getProcessDefinitionXml', { params: { key }, signal })
    : undefined;
  const title = t('designer.title');
  const definition = opened?.definition;
  let resourceName = definition?.resourceName ?? 'proses.bpmn';
  const versions =
    processes.find((p) => p.bpmnProcessId === definition?.bpmnProcessId)?.versions ?? [];

  const canvas = h('div', { class: 'designer-canvas', 'aria-label': t('designer.canvas') });
  const panel = h('div', { class: 'designer-panel', 'aria-label': t('designer.properties') });
  const problemsHeading = h('h2', { id: 'problems-heading' }, t('designer.problems', { n: 0 }));
  const problemsList = h('ul', { class: 'lint-list' });
  const status = h('div', { class: 'designer-status', 'aria-live': 'polite', tabindex: -1 });

  const { createModeler } = await import('../components/bpmn-modeler');
  if (signal.aborted) return { title, view: h('div') };
  const modeler: ProcessModeler = createModeler(canvas, panel);

  function showProblems(found: LintProblem[]): void {
    const errors = found.filter((p) => blocking.has(p.category)).length;
    problemsHeading.textContent = t('designer.problems', { n: found.length });
    problemsList.replaceChildren(
      ...(found.length === 0
        ? [h('li', { class: 'muted' }, t('designer.noProblems'))]
        : found.map((p) =>
            h(
              'li',
              { class: `lint-${blocking.has(p.category) ? 'error' : 'warning'}` },
              h(
                'button',
                {
                  type: 'button',
                  class: 'link-button',
                  onclick: () => modeler.select(p.elementId),
                },
                p.elementName,
              ),
              ` — ${blocking.has(p.category) ? t('designer.error') : t('designer.warning')}: `,
              h('span', { lang: 'en' }, p.message),
              h('span', { class: 'muted' }, ` (${p.rule})`),
            ),
          )),
    );
    problemsHeading.dataset.errors = String(errors);
  }
  modeler.onLint(showProblems);

  // The canvas answers only a mouse: any element can also be chosen here, for the properties panel.
  const elementSelectId = uniqueId('element');
  const elementSelect = h('select', {
    id: elementSelectId,
    onchange: () => {
      if (elementSelect.value) modeler.select(elementSelect.value);
    },
  });
  function listElements(): void {
    const chosen = elementSelect.value;
    elementSelect.replaceChildren(
      h('option', { value: '' }, t('designer.chooseElement')),
      ...modeler
        .elements()
        .map((e) =>
          h('option', { value: e.id, selected: e.id === chosen }, `${e.name || e.id} (${e.type})`),
        ),
    );
  }
  modeler.onLint(listElements);

  // Form editing: a .form file from disk, or a blank form, deployed together with the process.
  const formHost = h('div', { class: 'form-editor-host' });
  const formNote = h('p', { class: 'muted' }, t('designer.form.none'));
  let formDesign: FormDesign | undefined;
  let formName = '';

  async function openForm(schema: Record<string, unknown>, name: string): Promise<void> {
    const { editForm } = await import('../components/form-editor');
    formDesign?.destroy();
    formHost.replaceChildren();
    formDesign = await editForm(formHost, schema);
    formName = name;
    formNote.textContent = t('designer.form.opened', { name });
    forgetForm.hidden = false;
  }
  async function openBlankForm(): Promise<void> {
    const { blankForm } = await import('../components/form-editor');
    const formId = formIdInput.value.trim() || 'formulir-baru';
    await openForm(blankForm(formId), `${formId}.form`);
  }
  const formFileId = uniqueId('form-file');
  const formFile = h('input', {
    type: 'file',
    id: formFileId,
    accept: '.form,application/json',
    onchange: () => void readFormFile(),
  });
  async function readFormFile(): Promise<void> {
    const file = formFile.files?.[0];
    if (!file) return;
    try {
      await openForm(JSON.parse(await file.text()) as Record<string, unknown>, file.name);
    } catch (error) {
      formNote.textContent = t('designer.form.invalid');
      console.error(error);
    }
  }
  const forgetForm = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      hidden: true,
      onclick: () => {
        formDesign?.destroy();
        formDesign = undefined;
        formHost.replaceChildren();
        formNote.textContent = t('designer.form.none');
        forgetForm.hidden = true;
      },
    },
    t('designer.form.forget'),
  );
  const formIdInput = h('input', { type: 'text', id: uniqueId('form-id'), value: 'formulir-baru' });

  // A .bpmn file from disk replaces the diagram; it deploys under its own file name.
  const bpmnFileId = uniqueId('bpmn-file');
  const bpmnFile = h('input', {
    type: 'file',
    id: bpmnFileId,
    accept: '.bpmn,.xml',
    onchange: () => void readBpmnFile(),
  });
  async function readBpmnFile(): Promise<void> {
    const file = bpmnFile.files?.[0];
    if (!file) return;
    try {
      await modeler.open(await file.text());
      resourceName = file.name;
      status.replaceChildren(
        h('p', { class: 'notice notice-info' }, t('designer.fileOpened', { name: file.name })),
      );
    } catch (error) {
      status.replaceChildren(
        h('p', { class: 'notice notice-error', role: 'alert' }, t('designer.fileInvalid')),
      );
      console.error(error);
    }
  }

  const deployButton = h('button', { type: 'button', class: 'primary' }, t('designer.deploy'));
  async function deploy(): Promise<void> {
    status.replaceChildren();
    deployButton.disabled = true;
    try {
      // Should the browser's linter fail, the API lints the deployment anyway.
      const found = await modeler.lint().catch((error: unknown) => {
        console.warn('linting in the browser failed', error);
        return undefined;
      });
      if (found) showProblems(found);
      const errors = (found ?? []).filter((p) => blocking.has(p.category));
      if (errors.length > 0) {
        status.replaceChildren(
          h(
            'p',
            { class: 'notice notice-error', role: 'alert' },
            t('designer.blocked', { n: errors.length }),
          ),
        );
        status.focus();
        return;
      }
      const resources = [{ name: resourceName, content: await modeler.xml() }];
      if (formDesign) {
        const schema = formDesign.schema();
        const name = formName.endsWith('.form') ? formName : `${String(schema.id)}.form`;
        resources.push({ name, content: JSON.stringify(schema, null, 2) });
      }
      const answer = await call('deployProcesses', { body: { resources } });
      const deployed = answer.processes[0];
      if (deployed) {
        setFlash(
          t('designer.deployed', { process: deployed.bpmnProcessId, version: deployed.version }),
        );
        navigate(`/perancang?definisi=${encodeURIComponent(deployed.processDefinitionKey)}`);
      } else {
        status.replaceChildren(h('p', { class: 'notice notice-success' }, t('designer.noChange')));
      }
    } catch (error) {
      status.replaceChildren(refusal(error));
      status.focus();
    } finally {
      deployButton.disabled = false;
    }
  }
  deployButton.addEventListener('click', () => void deploy());

  const processSelectId = uniqueId('process');
  const toolbar = h(
    'div',
    { class: 'designer-bar' },
    h(
      'div',
      { class: 'designer-field' },
      h('label', { for: processSelectId }, t('designer.process')),
      h(
        'select',
        {
          id: processSelectId,
          onchange: (event: Event) =>
            navigate(`/perancang?definisi=${(event.target as HTMLSelectElement).value}`),
        },
        processes.map((p) =>
          h(
            'option',
            {
              value: p.latestProcessDefinitionKey,
              selected: p.bpmnProcessId === definition?.bpmnProcessId,
            },
            `${p.name || p.bpmnProcessId} (${p.bpmnProcessId})`,
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'designer-field' },
      h('label', { for: bpmnFileId }, t('designer.openFile')),
      bpmnFile,
    ),
    h(
      'div',
      { class: 'designer-field' },
      h('label', { for: elementSelectId }, t('designer.element')),
      elementSelect,
    ),
    h(
      'div',
      { class: 'designer-buttons' },
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => modeler.undo() },
        t('designer.undo'),
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => modeler.redo() },
        t('designer.redo'),
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => modeler.fit() },
        t('designer.fit'),
      ),
      deployButton,
    ),
  );

  const view = h(
    'article',
    { class: 'designer-page' },
    heading(title),
    definition
      ? h(
          'p',
          { class: 'subtitle' },
          t('designer.opened', {
            name: definition.name || definition.bpmnProcessId,
            version: definition.version,
            resource: definition.resourceName,
          }),
        )
      : h('p', { class: 'subtitle' }, t('designer.nothing')),
    definition && !definition.latest
      ? h('p', { class: 'notice notice-info' }, t('designer.olderVersion'))
      : null,
    toolbar,
    status,
    h('div', { class: 'designer-layout' }, canvas, panel),
    h(
      'div',
      { class: 'designer-bottom' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'problems-heading' },
        problemsHeading,
        problemsList,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'versions-heading' },
        h('h2', { id: 'versions-heading' }, t('designer.versions')),
        versionList(versions, definition?.processDefinitionKey),
      ),
    ),
    h(
      'section',
      { class: 'card designer-form', 'aria-labelledby': 'form-editor-heading' },
      h('h2', { id: 'form-editor-heading' }, t('designer.form.title')),
      h('p', { class: 'muted' }, t('designer.form.intro')),
      h(
        'div',
        { class: 'designer-bar' },
        h(
          'div',
          { class: 'designer-field' },
          h('label', { for: formFileId }, t('designer.form.open')),
          formFile,
        ),
        h(
          'div',
          { class: 'designer-field' },
          h('label', { for: formIdInput.id }, t('designer.form.id')),
          formIdInput,
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => void openBlankForm(),
            },
            t('designer.form.blank'),
          ),
        ),
        forgetForm,
      ),
      formNote,
      formHost,
    ),
  );

  showProblems([]);
  // The modeler measures its canvas to fit the diagram: it opens once the page is shown.
  void whenInDocument(canvas).then(async () => {
    if (!opened || signal.aborted) return;
    try {
      await modeler.open(opened.xml);
      canvas.dataset.ready = 'true';
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  });
  signal.addEventListener('abort', () => {
    modeler.destroy();
    formDesign?.destroy();
  });
  return { title, view };
};

function versionList(versions: Version[], openKey: string | undefined): HTMLElement {
  if (versions.length === 0) return h('p', { class: 'muted' }, t('designer.noVersions'));
  return h(
    'ul',
    { class: 'version-list' },
    versions.map((v) => {
      const xml = h('pre', { class: 'xml-view' });
      const details = h(
        'details',
        {
          ontoggle: () => {
            if (!details.open || xml.textContent) return;
            xml.textContent = t('common.loading');
            call('getProcessDefinitionXml', { params: { key: v.processDefinitionKey } })
              .then((answer) => (xml.textContent = answer.xml))
              .catch((error: unknown) => (xml.textContent = describeFailure(error)));
          },
        },
        h('summary', {}, t('designer.viewXml', { version: v.version })),
        xml,
      );
      return h(
        'li',
        { 'aria-current': v.processDefinitionKey === openKey ? 'true' : undefined },
        h('strong', {}, t('designer.version', { version: v.version })),
        v.latest ? ` (${t('designer.latest')})` : '',
        ' ',
        v.processDefinitionKey === openKey
          ? h('span', { class: 'muted' }, t('designer.isOpen'))
          : h(
              'a',
              { href: `/perancang?definisi=${encodeURIComponent(v.processDefinitionKey)}` },
              t('designer.openVersion', { version: v.version }),
            ),
        details,
      );
    }),
  );
}

/** The API's refusal, with one line per element it named (a lint error names its element). */
function refusal(error: unknown): HTMLElement {
  const details = error instanceof ApiFailure && error.status === 400 ? error.body?.details : [];
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    h('p', {}, describeFailure(error)),
    details && details.length > 0
      ? h(
          'ul',
          {},
          details.map((d) =>
            h(
              'li',
              {},
              d.field ? h('strong', {}, `${d.field}: `) : null,
              h('span', { lang: 'en' }, d.message),
            ),
          ),
        )
      : null,
  );
}
