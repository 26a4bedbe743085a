/* kill's signal: a number (containerd sends 9, 15, 10) or a name with or
 * without SIG (the runtime-tools suite sends KILL, TERM). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "oci.h"

#define SIG(name) {#name, SIG##name}
static const struct {
  const char *name;
  int number;
} names[] = {
    SIG(HUP),  SIG(INT),    SIG(QUIT), SIG(ILL),  SIG(TRAP), SIG(ABRT), SIG(BUS),    SIG(FPE),    SIG(KILL),
    SIG(USR1), SIG(SEGV),   SIG(USR2), SIG(PIPE), SIG(ALRM), SIG(TERM), SIG(STKFLT), SIG(CHLD),   SIG(CONT),
    SIG(STOP), SIG(TSTP),   SIG(TTIN), SIG(TTOU), SIG(URG),  SIG(XCPU), SIG(XFSZ),   SIG(VTALRM), SIG(PROF),
    SIG(WINCH), SIG(IO),    SIG(PWR),  SIG(SYS),  {"IOT", SIGABRT}, {"CLD", SIGCHLD}, {"POLL", SIGIO},
};

/* The signal number, or -1. */
int parse_signal(const char *text) {
  char *end;
  long n = strtol(text, &end, 10);
  if (end != text && *end == '\0') return n > 0 && n < NSIG ? (int)n : -1;
  const char *name = strncasecmp(text, "SIG", 3) == 0 ? text + 3 : text;
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (strcasecmp(name, names[i].name) == 0) return names[i].number;
  if (strncasecmp(name, "RTMIN+", 6) == 0 || strncasecmp(name, "RTMAX-", 6) == 0) {
    long k = strtol(name + 6, &end, 10);
    int sig = name[5] == '+' ? SIGRTMIN + (int)k : SIGRTMAX - (int)k;
    return *end == '\0' && k >= 0 && sig >= SIGRTMIN && sig <= SIGRTMAX ? sig : -1;
  }
  if (strcasecmp(name, "RTMIN") == 0) return SIGRTMIN;
  if (strcasecmp(name, "RTMAX") == 0) return SIGRTMAX;
  return -1;
}
