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
         "\"capabilities\":[],\"cgroup\":{\"v1\":true,\"v2\":true,\"systemd\":false,\"systemdUser\":false},"
         "\"seccomp\":{\"enabled\":false},\"apparmor\":{\"enabled\":false},\"selinux\":{\"enabled\":false}}}\n");
  return 0;
}
