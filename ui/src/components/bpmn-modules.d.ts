// Packages of the process designer that ship no types of their own.
declare module 'bpmn-js-bpmnlint' {
  import type { ModuleDeclaration } from 'didi';
  const module: ModuleDeclaration;
  export default module;
}
declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const ZeebePropertiesProviderModule: ModuleDeclaration;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  import type { ModuleDeclaration } from 'didi';
  const module: ModuleDeclaration;
  export default module;
}
declare module 'bpmnlint-plugin-camunda-compat' {
  const plugin: { configs: Record<string, unknown> };
  export default plugin;
}
declare module 'bpmnlint/config/recommended' {
  const config: { rules: Record<string, string> };
  export default config;
}
