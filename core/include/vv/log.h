/* Logging to stderr (which the master points at its log file). One line
 * per call, prefixed with time, level and pid. Never log secrets. */
#ifndef VV_LOG_H
#define VV_LOG_H

enum vv_log_level { VV_LOG_DEBUG, VV_LOG_INFO, VV_LOG_WARN, VV_LOG_ERROR };

void vv_log(enum vv_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define vv_info(...) vv_log(VV_LOG_INFO, __VA_ARGS__)
#define vv_warn(...) vv_log(VV_LOG_WARN, __VA_ARGS__)
#define vv_error(...) vv_log(VV_LOG_ERROR, __VA_ARGS__)

#endif
