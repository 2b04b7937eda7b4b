/**
 * The public status check (/status): a resident types their NIK and the number on their invitation
 * letter or Suket and reads the status of their e-KTP and the next step — nothing else. No sign-in;
 * made for a phone first.
 */
import { ApiFailure, call } from '../api/client';
import { textField } from '../components/field';
import { h } from '../dom';
import { currentLanguage, t } from '../i18n/i18n';
import { describeFailure, heading, type PageRender } from '../page';

export const statusPage: PageRender = ({ query }) => {
  const title = t('status.title');
  const nik = textField(
    t('status.nik'),
    {
      name: 'nik',
      inputmode: 'numeric',
      autocomplete: 'off',
      maxlength: 16,
      required: true,
      value: query.get('nik') ?? '',
    },
    t('status.nikHint'),
  );
  const receipt = textField(
    t('status.receipt'),
    {
      name: 'receipt',
      autocomplete: 'off',
      autocapitalize: 'characters',
      maxlength: 64,
      required: true,
    },
    t('status.receiptHint'),
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, t('status.submit'));
  const result = h('div', { class: 'status-result', 'aria-live': 'polite' });

  async function check(): Promise<void> {
    const nikValue = nik.input.value.replace(/\s+/g, '');
    const receiptValue = receipt.input.value.trim();
    nik.setError(/^\d{16}$/.test(nikValue) ? undefined : t('status.nikInvalid'));
    receipt.setError(receiptValue.length >= 4 ? undefined : t('status.receiptInvalid'));
    result.replaceChildren();
    if (!/^\d{16}$/.test(nikValue)) return nik.input.focus();
    if (receiptValue.length < 4) return receipt.input.focus();
    submit.disabled = true;
    try {
      const answer = await call('publicStatus', {
        query: { nik: nikValue, receipt: receiptValue },
      });
      result.replaceChildren(
        h(
          'section',
          { class: 'card result', 'aria-labelledby': 'status-heading' },
          h('h2', { id: 'status-heading' }, t('status.resultTitle')),
          h(
            'dl',
            {},
            h('dt', {}, t('status.status')),
            // The API words its answer in Bahasa Indonesia only.
            h('dd', { class: 'status-value', lang: 'id' }, answer.status),
            h('dt', {}, t('status.nextStep')),
            h('dd', { class: 'next-step', lang: 'id' }, answer.nextStep),
          ),
        ),
      );
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 400) {
        for (const detail of error.body?.details ?? []) {
          const text = currentLanguage() === 'id' ? detail.message : undefined;
          if (detail.field === 'nik') nik.setError(text ?? t('status.nikInvalid'));
          if (detail.field === 'receipt') receipt.setError(text ?? t('status.receiptInvalid'));
        }
      }
      const message =
        error instanceof ApiFailure && error.status === 404
          ? t('status.notFound')
          : describeFailure(error);
      result.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, message));
    } finally {
      submit.disabled = false;
    }
  }

  const view = h(
    'div',
    { class: 'public-page' },
    h(
      'form',
      {
        class: 'card narrow',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          void check();
        },
      },
      heading(title),
      h('p', {}, t('status.intro')),
      nik.element,
      receipt.element,
      h('div', { class: 'actions' }, submit),
    ),
    result,
    h('p', { class: 'aside narrow' }, t('status.privacy')),
  );
  return { title, view };
};
