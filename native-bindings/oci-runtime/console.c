/* process.terminal: a pty from the container's devpts. Its master goes to
 * the caller over --console-socket, one fd in one message (go-runc checks
 * for exactly one); the slave becomes the process's stdio and controlling
 * terminal, and (for the init) the container's /dev/console. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "init.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

static void send_master(int socket_fd, int master, const char *name, int rfd) {
  char payload[64];
  snprintf(payload, sizeof(payload), "%s", name);
  struct iovec iov = {payload, strlen(payload)};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof(control));
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof(control.buf);
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cmsg), &master, sizeof(int));
  ssize_t n;
  do n = sendmsg(socket_fd, &msg, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0) child_fail(rfd, errno, "cannot send the terminal over the console socket");
}

void setup_console(int rootfd, int socket_fd, int bind_console, int rfd) {
  int master = open_in_root(rootfd, "/dev/ptmx", O_RDWR | O_NOCTTY);
  if (master < 0) child_fail(rfd, errno, "cannot open /dev/ptmx in the container (is /dev/pts mounted?)");
  int unlock = 0, number = -1;
  if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &number) < 0)
    child_fail(rfd, errno, "cannot unlock the container's pty");
  int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) child_fail(rfd, errno, "cannot open the container's pty");
  if (bind_console) {
    int target = make_target(rootfd, "/dev/console", 1);
    char from[64], to[64];
    if (target < 0 || mount(fd_path(slave, from, sizeof(from)), fd_path(target, to, sizeof(to)), NULL, MS_BIND, NULL) < 0)
      child_fail(rfd, errno, "cannot bind the pty onto /dev/console");
    close(target);
  }
  char name[32];
  snprintf(name, sizeof(name), "/dev/pts/%d", number);
  send_master(socket_fd, master, name, rfd);
  close(master);
  close(socket_fd);
  for (int fd = 0; fd < 3; fd++)
    if (dup2(slave, fd) < 0) child_fail(rfd, errno, "cannot make the pty the process's stdio");
  close(slave);
  if (ioctl(0, TIOCSCTTY, 0) < 0) child_fail(rfd, errno, "cannot make the pty the controlling terminal");
}
