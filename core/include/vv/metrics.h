/* The service's counters, shared by the master and every worker of a host,
 * and the health check. Served by the home plugin as /metrics (Prometheus
 * text format) and /healthz. */
#ifndef VV_METRICS_H
#define VV_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include "vv/req.h"

/* True when r comes from an address [metrics] allow lists (comma-separated
 * addresses or IPv4/IPv6 prefixes such as 10.0.0.0/8; default 127.0.0.1
 * and ::1). */
bool vv_metrics_allowed(const vv_req_t *r);

/* Every counter of this host in the Prometheus text format (0.0.4), in
 * r's arena; *len is set. */
const char *vv_metrics_text(vv_req_t *r, size_t *len);

/* 0 when this worker can serve pages (the database answers, no
 * stylesheet has failed to compile, the ticker is not late); otherwise a
 * negative VV_ code and in *why what failed, one line each (static
 * text, valid until the next call). */
int vv_health(const char **why);

#endif
