/* features: what this runtime supports, in the runtime-spec's features
 * format (containerd 2.x asks; 1.6 does not). */
#include <stdio.h>

#include "oci.h"

int verb_features(const struct call *c) {
  parse_verb_args(c, NULL, 0, NULL, 0);
  printf("{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.1.0\","
         "\"hooks\":[\"prestart\",\"createRuntime\",\"createContainer\",\"startContainer\",\"poststart\",\"poststop\"],"
         "\"mountOptions\":[\"async\",\"atime\",\"bind\",\"defaults\",\"dev\",\"diratime\",\"dirsync\",\"exec\","
         "\"iversion\",\"lazytime\",\"loud\",\"mand\",\"noatime\",\"nodev\",\"nodiratime\",\"noexec\",\"noiversion\","
         "\"nolazytime\",\"nomand\",\"norelatime\",\"nostrictatime\",\"nosuid\",\"private\",\"rbind\",\"relatime\","
         "\"remount\",\"ro\",\"rprivate\",\"rro\",\"rshared\",\"rslave\",\"runbindable\",\"rw\",\"shared\",\"silent\","
         "\"slave\",\"strictatime\",\"suid\",\"sync\",\"unbindable\"],"
         "\"linux\":{\"namespaces\":[\"cgroup\",\"ipc\",\"mount\",\"network\",\"pid\",\"user\",\"uts\"],"
         "\"capabilities\":["
         "\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_DAC_READ_SEARCH\",\"CAP_FOWNER\",\"CAP_FSETID\""
         ",\"CAP_KILL\",\"CAP_SETGID\",\"CAP_SETUID\",\"CAP_SETPCAP\",\"CAP_LINUX_IMMUTABLE\""
         ",\"CAP_NET_BIND_SERVICE\",\"CAP_NET_BROADCAST\",\"CAP_NET_ADMIN\",\"CAP_NET_RAW\",\"CAP_IPC_LOCK\""
         ",\"CAP_IPC_OWNER\",\"CAP_SYS_MODULE\",\"CAP_SYS_RAWIO\",\"CAP_SYS_CHROOT\",\"CAP_SYS_PTRACE\""
         ",\"CAP_SYS_PACCT\",\"CAP_SYS_ADMIN\",\"CAP_SYS_BOOT\",\"CAP_SYS_NICE\",\"CAP_SYS_RESOURCE\""
         ",\"CAP_SYS_TIME\",\"CAP_SYS_TTY_CONFIG\",\"CAP_MKNOD\",\"CAP_LEASE\",\"CAP_AUDIT_WRITE\""
         ",\"CAP_AUDIT_CONTROL\",\"CAP_SETFCAP\",\"CAP_MAC_OVERRIDE\",\"CAP_MAC_ADMIN\",\"CAP_SYSLOG\""
         ",\"CAP_WAKE_ALARM\",\"CAP_BLOCK_SUSPEND\",\"CAP_AUDIT_READ\",\"CAP_PERFMON\",\"CAP_BPF\""
         ",\"CAP_CHECKPOINT_RESTORE\""
         "],\"cgroup\":{\"v1\":true,\"v2\":true,\"systemd\":false,\"systemdUser\":false},"
         "\"seccomp\":{\"enabled\":false},\"apparmor\":{\"enabled\":false},\"selinux\":{\"enabled\":false}}}\n");
  return 0;
}
