#ifndef PRESSKIT_CLINUX_SHIM_H
#define PRESSKIT_CLINUX_SHIM_H
// Linux calls that Swift's Glibc module does not import, as typed static inline wrappers.
// Nothing but wrappers lives here (see STYLE.md, "CCurl").
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

/// Replaces `renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)` (rename(2)): swaps two paths in
/// one step. glibc declares `renameat2` only under _GNU_SOURCE and only since 2.28, so this goes
/// through syscall(2); -1 with errno ENOSYS where the kernel (before 3.15) or the system has none,
/// EINVAL where the file system cannot exchange.
static inline int presskit_rename_exchange(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2u /* RENAME_EXCHANGE, linux/fs.h */);
#else
    (void)a; (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

/// Names the calling thread (at most 15 bytes are kept), as `top -H` and /proc/PID/task/*/comm show
/// it: prctl(2) is variadic, and glibc declares `pthread_setname_np` only under _GNU_SOURCE.
static inline void presskit_name_current_thread(const char *name) {
#if defined(__linux__)
    (void)prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
#else
    (void)name;
#endif
}

/// memfd_create(2) with MFD_CLOEXEC: an anonymous file in memory, gone with its last descriptor.
/// Called through syscall(2): glibc declares it only under _GNU_SOURCE and only since 2.27. -1 with
/// errno ENOSYS where the kernel (before 3.17) has none.
static inline int presskit_memory_file(const char *name) {
#if defined(__linux__) && defined(SYS_memfd_create)
    return (int)syscall(SYS_memfd_create, name, 1u /* MFD_CLOEXEC, linux/memfd.h */);
#else
    (void)name;
    errno = ENOSYS;
    return -1;
#endif
}

#endif
