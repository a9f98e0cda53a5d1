/*
 * log: the process-wide log sink. The level is the one piece of global state frontdoor keeps,
 * because every layer logs and threading a logger through pure domain code would be noise.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int current_level = LOG_INFO;

void log_set_level(enum log_level level)
{
    atomic_store(&current_level, (int)level);
}

enum log_level log_get_level(void)
{
    return (enum log_level)atomic_load(&current_level);
}

int log_level_parse(const char *name)
{
    static const char *names[] = {"debug", "info", "warn", "error", "off"};
    for (int i = 0; i < 5; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *tags[] = {"debug", "info", "warn", "error", "off"};
    char line[2048];
    int n = snprintf(line, sizeof(line), "frontdoor: %s: ", tags[level]);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof(line))
        vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s\n", line);
}

void log_json(const char *line)
{
    if (log_get_level() > LOG_INFO)
        return;
    /* one fprintf call: stdio locks the stream, so lines from threads do not interleave */
    fprintf(stderr, "%s\n", line);
}
