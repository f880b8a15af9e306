/* A disk that keeps only what was synced, for power-cut tests.
 *
 * Loaded with LD_PRELOAD into the server under test. Writes go to the real files as
 * usual, so the processes read back what they wrote; but each fsync() or fdatasync() of
 * a regular file under $SYNCSHIM_DIR also copies that file, as it is at that moment, to
 * "<file>.durable". After the processes are killed, the test puts the .durable copies in
 * place of the files (and deletes files never synced): the state a disk is left in by a
 * power cut that loses every write not yet synced, the worst case SQLite's documentation
 * describes for synchronous=NORMAL.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void keep_synced_copy(int fd)
{
    const char *dir = getenv("SYNCSHIM_DIR");
    if (dir == NULL || *dir == '\0')
        return;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return;
    path[n] = '\0';
    size_t len = strlen(dir);
    if (strncmp(path, dir, len) != 0 || path[len] != '/')
        return;
    char tmp[PATH_MAX + 64], durable[PATH_MAX + 16];
    snprintf(durable, sizeof durable, "%s.durable", path);
    snprintf(tmp, sizeof tmp, "%s.durable.%ld", path, (long)getpid());
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0)
        return;
    char buf[65536];
    off_t offset = 0;
    ssize_t got;
    while ((got = pread(fd, buf, sizeof buf, offset)) > 0) {
        if (write(out, buf, (size_t)got) != got)
            break;
        offset += got;
    }
    close(out);
    rename(tmp, durable); /* atomic: a copy is whole or absent */
}

int fsync(int fd)
{
    static int (*real)(int);
    if (real == NULL)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    keep_synced_copy(fd);
    return real(fd);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (real == NULL)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    keep_synced_copy(fd);
    return real(fd);
}
