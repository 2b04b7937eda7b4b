/**
 * The API's lint rules, in the browser: bpmnlint's recommended rules and Camunda's 8.5
 * compatibility rules (`plugin:camunda-compat/camunda-cloud-8-5`), as
 * api/src/features/processes/lint-bpmn.ts applies them before a deployment. The rules are
 * bundled (no lookup at run time), so the designer marks on the diagram what a deployment would
 * refuse, before it is sent.
 */
import camundaCompat from 'bpmnlint-plugin-camunda-compat';
import recommended from 'bpmnlint/config/recommended';

type RuleFactory = (config?: unknown) => unknown;

// Eager globs put every rule into the designer's own lazily loaded chunk.
const bpmnlintRules = import.meta.glob<RuleFactory>('../../../node_modules/bpmnlint/rules/*.js', {
  eager: true,
  import: 'default',
});
// A few rules are folders (implementation/index.js, timer/index.js).
const camundaRules = import.meta.glob<RuleFactory>(
  [
    '../../../node_modules/bpmnlint-plugin-camunda-compat/rules/camunda-cloud/*.js',
    '../../../node_modules/bpmnlint-plugin-camunda-compat/rules/camunda-cloud/*/index.js',
    '!**/utils/**',
  ],
  { eager: true, import: 'default' },
);

/** `…/rules/label-required.js` and `…/rules/implementation/index.js` by their rule name. */
function byName(modules: Record<string, RuleFactory>): Map<string, RuleFactory> {
  return new Map(
    Object.entries(modules).map(([file, rule]) => [
      file.replace(/\/index\.js$|\.js$/, '').replace(/^.*\//, ''),
      rule,
    ]),
  );
}

const rules: Record<string, Map<string, RuleFactory>> = {
  bpmnlint: byName(bpmnlintRules),
  'bpmnlint-plugin-camunda-compat': byName(camundaRules),
};

const configs: Record<string, Record<string, unknown>> = {
  bpmnlint: { recommended },
  'bpmnlint-plugin-camunda-compat': camundaCompat.configs,
};

export const lintConfig = {
  extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-5'],
};

/** bpmnlint's resolver interface, over the bundled rules and configs. */
export const lintResolver = {
  resolveRule(pkg: string, ruleName: string): RuleFactory | undefined {
    return rules[pkg]?.get(ruleName);
  },
  resolveConfig(pkg: string, configName: string): unknown {
    return configs[pkg]?.[configName];
  },
};
