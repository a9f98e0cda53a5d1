/*
 * log: leveled logging to stderr, one line per message; the level is checked before any
 * formatting. Access logs are JSON lines written with log_json. Never log personal data or
 * secrets: callers pass identifiers (request id, route pattern), not content.
 */
#ifndef FD_CORE_LOG_H
#define FD_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Parses "debug", "info", "warn", "error", "off"; returns -1 when unknown. */
int log_level_parse(const char *name);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes line (already a JSON object, no newline) as one atomic line, at info level. */
void log_json(const char *line);

#define log_debug(...) (log_get_level() <= LOG_DEBUG ? log_msg(LOG_DEBUG, __VA_ARGS__) : (void)0)
#define log_info(...) (log_get_level() <= LOG_INFO ? log_msg(LOG_INFO, __VA_ARGS__) : (void)0)
#define log_warn(...) (log_get_level() <= LOG_WARN ? log_msg(LOG_WARN, __VA_ARGS__) : (void)0)
#define log_error(...) (log_get_level() <= LOG_ERROR ? log_msg(LOG_ERROR, __VA_ARGS__) : (void)0)

#endif
