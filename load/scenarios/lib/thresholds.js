// Thresholds shared by the scenarios. Latency bounds follow the SLOs in
// local-infra/prometheus/slos.yml (timeline and users 250 ms, posts 500 ms, media 2.5 s);
// p95 bounds are the "typical user" line DDIA ch.1 draws. Never loosen one to make a run pass.

/** No request may come back later than its deadline: the layer must answer 504 by then. */
export const DEADLINES = { outlived_deadline: ['count<1'] };

/** The service is up and answering: no refused or dropped connections. */
export const NO_TRANSPORT_ERRORS = { transport_errors: ['count<1'] };

/** Healthy steady state: under 1% errors, not a single 5xx, latencies within the SLOs. */
export const STEADY = {
  errors: ['rate<0.01'],
  server_errors_5xx: ['count<1'],
  shed_503: ['count<1'],
  ...NO_TRANSPORT_ERRORS,
  ...DEADLINES,
  op_timeline: ['p(95)<100', 'p(99)<250'],
  op_user: ['p(95)<100', 'p(99)<250'],
  op_signup: ['p(95)<250', 'p(99)<500'],
  op_post: ['p(95)<250', 'p(99)<500'],
  op_follow: ['p(95)<250', 'p(99)<500'],
  op_media: ['p(95)<2500'],
};

/** Thresholds of one scenario phase (k6 tags every sample with its scenario). */
export function forScenario(name, thresholds) {
  const out = {};
  for (const [metric, list] of Object.entries(thresholds)) out[`${metric}{scenario:${name}}`] = list;
  return out;
}
