/**
 * A resident's case timeline: every step of their e-KTP service with its time, who did it and
 * whether it was late against its due date.
 */
import { call } from '../api/client';
import { h } from '../dom';
import { dateTime } from '../format';
import { t } from '../i18n/i18n';
import { timelineText } from '../names';
import { errorBox } from '../page';
import { may } from '../session';

export async function timeline(nik: string, signal: AbortSignal): Promise<HTMLElement> {
  const section = h(
    'section',
    { class: 'timeline card', 'aria-labelledby': 'timeline-heading' },
    h('h2', { id: 'timeline-heading' }, t('timeline.title')),
  );
  if (!may('residentTimeline')) {
    section.append(h('p', { class: 'muted' }, t('timeline.notForRole')));
    return section;
  }
  try {
    const { events } = await call('residentTimeline', { params: { nik }, signal });
    if (events.length === 0) {
      section.append(h('p', { class: 'muted' }, t('timeline.empty')));
      return section;
    }
    section.append(
      h(
        'ol',
        {},
        // Newest first: what happened last is what the officer needs now.
        [...events].reverse().map((event) =>
          h(
            'li',
            { class: `event event-${event.kind.toLowerCase()}${event.late ? ' event-late' : ''}` },
            h('time', { datetime: event.at }, dateTime(event.at)),
            h(
              'p',
              { class: 'what' },
              h('span', { class: 'kind' }, t(`timeline.kind.${event.kind}`)),
              ' ',
              // The API words its events in Bahasa Indonesia.
              h('span', { lang: 'id' }, timelineText(event.kind, event.what)),
            ),
            event.actor
              ? h('p', { class: 'small muted' }, t('timeline.by', { actor: event.actor }))
              : null,
            event.late
              ? h(
                  'p',
                  { class: 'small' },
                  h('span', { class: 'badge badge-overdue' }, t('timeline.late')),
                )
              : null,
          ),
        ),
      ),
    );
  } catch (error) {
    section.append(errorBox(error));
  }
  return section;
}
