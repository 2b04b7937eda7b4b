/**
 * A task's Camunda Form, drawn and validated by form-js (the bpmn.io viewer Camunda's own
 * Tasklist uses), with the process variables as its data so texts like {{residentName}} fill in.
 * Loaded on demand: form-js with FEEL, markdown and its date picker is most of the UI's weight.
 */
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';

import { Form } from '@bpmn-io/form-js-viewer';

import { currentLanguage } from '../i18n/i18n';

/** form-js speaks English; these are its messages a kecamatan form can show, in Indonesian. */
const indonesian: Record<string, string> = {
  'Field is required.': 'Wajib diisi.',
  'Field must have minimum length of {value}.': 'Paling sedikit {value} karakter.',
  'Field must have maximum length of {value}.': 'Paling banyak {value} karakter.',
  'Field must have minimum value of {value}.': 'Paling kecil {value}.',
  'Field must have maximum value of {value}.': 'Paling besar {value}.',
  'Field must match pattern {value}.': 'Harus sesuai pola {value}.',
  'Field must be a valid email.': 'Harus alamat email yang benar.',
  'Field must be a valid international phone number. (e.g. +4930664040900)':
    'Harus nomor telepon internasional yang benar (mis. +6274112345).',
  'Date and time must both be entered.': 'Tanggal dan jam harus diisi keduanya.',
  'Value is not a number.': 'Harus berupa angka.',
  'Value is expected to be an integer.': 'Harus bilangan bulat.',
  'Value is expected to have at most {value} decimal digits.':
    'Paling banyak {value} angka di belakang koma.',
  'Value is expected to have at most 1 decimal digit.': 'Paling banyak 1 angka di belakang koma.',
  Search: 'Cari',
  'No results': 'Tidak ada hasil',
  'All values selected': 'Semua nilai sudah dipilih',
  'Remove tag': 'Hapus',
  Increment: 'Tambah',
  Decrement: 'Kurangi',
  'Previous page': 'Halaman sebelumnya',
  'Next page': 'Halaman berikutnya',
  '{page} of {total}': '{page} dari {total}',
  'No content to show.': 'Tidak ada isi.',
  'Nothing to show.': 'Tidak ada yang ditampilkan.',
};

function translate(template: string, replacements: Record<string, string | number> = {}): string {
  const text = currentLanguage() === 'id' ? (indonesian[template] ?? template) : template;
  return text.replace(/\{([^}]+)\}/g, (whole, name: string) =>
    name in replacements ? String(replacements[name]) : whole,
  );
}

export interface TaskForm {
  /** Validates every field (form-js shows each error at its field); the values when all are valid. */
  submit(): { values: Record<string, unknown> } | { invalid: string[] };
  /** The form's label of a field, by its key or its id. */
  labelOf(key: string): string;
  setReadOnly(readOnly: boolean): void;
  destroy(): void;
}

interface Component {
  id?: string;
  key?: string;
  label?: string;
  components?: Component[];
}

/** Each field's label by its key (the API's details) and by its id (form-js's errors). */
function labels(components: Component[] | undefined, into = new Map<string, string>()) {
  for (const c of components ?? []) {
    if (c.key) into.set(c.key, c.label ?? c.key);
    if (c.key && c.id) into.set(c.id, c.label ?? c.key);
    labels(c.components, into);
  }
  return into;
}

export async function renderTaskForm(
  container: HTMLElement,
  schema: Record<string, unknown>,
  data: Record<string, unknown>,
): Promise<TaskForm> {
  const form = new Form({ container, additionalModules: [{ translate: ['value', translate] }] });
  await form.importSchema(schema, data);
  const fieldLabels = labels(schema.components as Component[] | undefined);
  return {
    submit() {
      const { data: values, errors } = form.submit();
      const invalid = Object.keys(errors).filter((k) => (errors[k] ?? []).length > 0);
      return invalid.length > 0 ? { invalid } : { values };
    },
    labelOf: (key) => fieldLabels.get(key) ?? key,
    setReadOnly: (readOnly) => form.setProperty('readOnly', readOnly),
    destroy: () => form.destroy(),
  };
}
