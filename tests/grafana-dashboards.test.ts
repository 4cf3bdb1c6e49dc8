// monitoring/'s Grafana dashboards checked against Grafana's own dashboard schema. The Grafana server
// is not obtainable here (no Debian package; its Go module is AGPL), so the schema is @grafana/schema,
// the TypeScript types Grafana generates from its CUE dashboard schema: each dashboard is compiled as
// an object literal against them, so a missing required field, a wrong type or an unknown field (a
// typo) fails. Panels are checked against their own plugin's options (timeseries, stat, bargauge);
// targets against the Prometheus query fields. The layout and conventions are checked below that.
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { parse } from 'yaml';
import { monitoring } from './support/prometheus-tools.ts';

interface GridPos { x: number; y: number; w: number; h: number }
interface PanelJson { id: number; type: string; title: string; gridPos: GridPos; datasource?: { type: string; uid: string }; targets?: { refId: string; datasource?: { uid: string }; expr: string }[] }
interface DashboardJson { uid: string; title: string; panels: PanelJson[]; templating: { list: { name: string; type: string; query: string }[] } }

const files = globSync('grafana/dashboards/*.json', { cwd: monitoring }).sort();
const dashboards = files.map((file) => ({ file, text: readFileSync(join(monitoring, file), 'utf8') }));

const schemaModule = '@grafana/schema/dist/esm/raw/composable';
/** Each dashboard as a typed literal; a panel type not listed here fails to compile (add its options). */
const typedDashboard = (json: string) => `
import type { Dashboard, DataQuery, DataSourceRef, Panel, RowPanel } from '@grafana/schema';
import type { Options as TimeSeriesOptions, FieldConfig as TimeSeriesFieldConfig } from '${schemaModule}/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import type { Options as StatOptions } from '${schemaModule}/stat/panelcfg/x/StatPanelCfg_types.gen';
import type { Options as BarGaugeOptions } from '${schemaModule}/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';

/** Grafana's Prometheus query (its plugin's dataquery; @grafana/schema does not ship that one). */
interface PrometheusQuery extends DataQuery {
  datasource?: DataSourceRef;
  expr: string;
  legendFormat?: string;
  range?: boolean;
  instant?: boolean;
  exemplar?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  interval?: string;
}
type PluginPanel<Type extends string, Options, FieldConfig = Record<string, unknown>> = Omit<Panel<Options, FieldConfig>, 'type' | 'options' | 'targets'> & {
  type: Type;
  options: Options;
  targets: PrometheusQuery[];
};
type ShinePanel =
  | PluginPanel<'timeseries', TimeSeriesOptions, TimeSeriesFieldConfig>
  | PluginPanel<'stat', StatOptions>
  | PluginPanel<'bargauge', BarGaugeOptions>
  | RowPanel;
type ShineDashboard = AsJson<Omit<Dashboard, 'panels'> & { uid: string; title: string; panels: ShinePanel[] }>;

/** The type as JSON spells it: a string enum (GraphDrawStyle.Line) as its value ("line"). */
type AsJson<T> = T extends string
  ? \`\${T}\`
  : T extends number | boolean | null | undefined
    ? T
    : T extends readonly (infer Item)[]
      ? AsJson<Item>[]
      : T extends object
        ? { [Key in keyof T]: AsJson<T[Key]> }
        : T;

export const dashboard = ${json.trim()} satisfies ShineDashboard;
`;

/** TypeScript's complaints about one dashboard, or none. */
function schemaErrors(json: string): string[] {
  const root = join(monitoring, '..');
  const path = join(root, 'tests', '__dashboard-schema-check__.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const source = typedDashboard(json);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) => (name === path ? ts.createSourceFile(name, source, version) : getSourceFile.call(host, name, version, ...rest));
  host.fileExists = (name) => name === path || fileExists.call(host, name);
  host.readFile = (name) => (name === path ? source : readFile.call(host, name));
  const program = ts.createProgram([path], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const line = where && diagnostic.file === program.getSourceFile(path) ? source.split('\n')[where.line]!.trim().slice(0, 120) : '';
    return `${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}${line ? ` at: ${line}` : ''}`;
  });
}

describe('the Grafana dashboards in monitoring/', () => {
  it('has the overview, analysis and events dashboards', () => {
    assert.deepEqual(files, ['grafana/dashboards/shine-analysis.json', 'grafana/dashboards/shine-events.json', 'grafana/dashboards/shine-overview.json']);
  });

  for (const { file, text } of dashboards) {
    it(`${file} is a dashboard by Grafana's schema (@grafana/schema), its panels by their plugins' options`, () => {
      assert.deepEqual(schemaErrors(text), []);
    });

    it(`${file} has a stable uid, a datasource variable every query uses, and panels on the grid without overlap`, () => {
      const dashboard = JSON.parse(text) as DashboardJson;
      assert.equal(`grafana/dashboards/${dashboard.uid}.json`, file, 'the uid is the file name, so links and provisioning keep working');
      assert.deepEqual(dashboard.templating.list.filter((variable) => variable.type === 'datasource').map((variable) => [variable.name, variable.query]), [['datasource', 'prometheus']]);
      const ids = dashboard.panels.map((panel) => panel.id);
      assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
      const cells = new Set<string>();
      for (const panel of dashboard.panels) {
        const { x, y, w, h } = panel.gridPos;
        assert.ok(x >= 0 && w > 0 && x + w <= 24 && h > 0, `${panel.title} fits the 24 columns`);
        for (let row = y; row < y + h; row++) {
          for (let column = x; column < x + w; column++) {
            assert.ok(!cells.has(`${row}/${column}`), `${panel.title} overlaps another panel`);
            cells.add(`${row}/${column}`);
          }
        }
        if (panel.type === 'row') continue;
        assert.deepEqual(panel.datasource, { type: 'prometheus', uid: '${datasource}' }, `${panel.title} reads the chosen datasource`);
        assert.ok(panel.targets && panel.targets.length > 0, `${panel.title} has a query`);
        for (const target of panel.targets) assert.equal(target.datasource?.uid, '${datasource}', `${panel.title} ${target.refId}`);
      }
    });
  }

  it('provisions a Prometheus datasource whose exemplars link to the Jaeger one, and the dashboards folder', () => {
    const read = (file: string) => parse(readFileSync(join(monitoring, 'grafana/provisioning', file), 'utf8'));
    const { datasources } = read('datasources/shine.yml') as { datasources: { uid: string; type: string; jsonData?: { exemplarTraceIdDestinations?: { name: string; datasourceUid: string }[] } }[] };
    const prometheusSource = datasources.find((source) => source.type === 'prometheus')!;
    const [link] = prometheusSource.jsonData!.exemplarTraceIdDestinations!;
    assert.equal(link!.name, 'trace_id', 'the exemplar label the services write (packages/platform trace-exemplar.ts)');
    assert.equal(datasources.find((source) => source.uid === link!.datasourceUid)?.type, 'jaeger');
    const { providers } = read('dashboards/shine.yml') as { providers: { type: string; options: { path: string } }[] };
    assert.deepEqual(providers.map((provider) => [provider.type, provider.options.path]), [['file', '${SHINE_DASHBOARDS}']]);
  });

  it('fails a dashboard with an unknown field or a wrong type (the check can fail)', () => {
    const dashboard = JSON.parse(dashboards[0]!.text);
    dashboard.panels[1].gridPos.width = 3;
    dashboard.refresh = 30;
    const errors = schemaErrors(JSON.stringify(dashboard, null, 2)).join('\n');
    assert.match(errors, /'"width"' does not exist in type '\{ h: number;/);
    assert.match(errors, /Type 'number' is not assignable to type 'string'/);
  });
});
