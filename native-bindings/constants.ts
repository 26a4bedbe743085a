// Kernel ABI numbers the bindings need. pidfd_open and pidfd_send_signal were
// added after the syscall tables were unified, so their numbers are the same
// on x86_64, aarch64 and the other 64-bit architectures Node runs on.
export const SYS_pidfd_send_signal = 424;
export const SYS_pidfd_open = 434;

export const MNT_DETACH = 2;
