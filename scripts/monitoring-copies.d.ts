/** The folders whose files the chart carries, and where: every file in each, and nothing else. */
export declare const chartCopies: readonly [{
    readonly source: "monitoring/grafana/dashboards";
    readonly pattern: "*.json";
    readonly copy: "charts/shine/dashboards";
}, {
    readonly source: "monitoring/prometheus/rules";
    readonly pattern: "shine-{recording,alerts}.rules.yml";
    readonly copy: "charts/shine/rules";
}];
/** [source, copy] paths relative to the repository, for every file the chart should carry. */
export declare function expectedCopies(): [string, string][];
/** Files in the copy folders that no source accounts for (a dashboard deleted from monitoring/). */
export declare function strayCopies(): string[];
