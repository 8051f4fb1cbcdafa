import { describe, expect, it } from 'vitest';
import { seriesReferences } from './promql-references.ts';

describe('seriesReferences', () => {
  it('finds metrics and selector labels, not functions, keywords or grouping labels', () => {
    const expr =
      'sum by (function, le) (rate(http_request_duration_seconds_bucket{function=~"$function",le="0.25"}[$__rate_interval])) / on (function) group_left sum(rate(http_requests_total[5m])) > 1e3 and up';
    expect(seriesReferences(expr)).toEqual([
      { metric: 'http_request_duration_seconds_bucket', labels: ['function', 'le'] },
      { metric: 'http_requests_total', labels: [] },
      { metric: 'up', labels: [] },
    ]);
  });

  it('reads recording rule names with colons and ignores string contents', () => {
    expect(seriesReferences('slo:sli_error:ratio_rate1h{slo="not_a_metric{x}"} / on (function, slo) (1 - slo:objective:ratio)')).toEqual([
      { metric: 'slo:sli_error:ratio_rate1h', labels: ['slo'] },
      { metric: 'slo:objective:ratio', labels: [] },
    ]);
  });
});
