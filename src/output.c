/* output.c — the one write policy: checked, fsynced, renamed files; run folders staged and
 * swapped in whole; clean-up of interrupted runs. See output.h for the promises. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include "output.h"
#include "text.h"

G_DEFINE_QUARK(rd-output-error-quark, rd_output_error)

#define STAGE_MARK ".riskdoc-stage-"
#define OLD_MARK ".riskdoc-old-"
#define LOCK_MARK ".riskdoc-lock"

static gboolean set_os_error(GError **error, int saved, const char *what, const char *path)
{
  g_set_error(error, RD_OUTPUT_ERROR, RD_OUTPUT_ERROR_WRITE, "%s %s：%s", what, path,
              g_strerror(saved));
  return FALSE;
}

/* ---- what an interrupted process must remove -------------------------------------------- */

/* Temporary files and staging folders alive now; the signal thread removes them. A
 * temporary file's entry keeps an fd with an flock on it until the file is committed or
 * abandoned: that lock is how a later process tells a live temporary file from one a
 * kill -9 left behind (see remove_stale_temps). */
typedef struct cleanup_entry {
  gboolean is_folder;
  int lock_fd;              /* -1 when none */
} cleanup_entry;

static GMutex cleanup_lock;
static GHashTable *cleanup_paths;   /* path -> cleanup_entry */

static void cleanup_entry_free(gpointer data)
{
  cleanup_entry *e = data;
  if (e->lock_fd >= 0)
    close(e->lock_fd);
  g_free(e);
}

/* Called with cleanup_lock held, right after creating path, so that no signal can strike
 * between the two. Takes ownership of lock_fd. */
static void cleanup_register_locked(const char *path, gboolean is_folder, int lock_fd)
{
  if (!cleanup_paths)
    cleanup_paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cleanup_entry_free);
  cleanup_entry *e = g_new(cleanup_entry, 1);
  e->is_folder = is_folder;
  e->lock_fd = lock_fd;
  g_hash_table_replace(cleanup_paths, g_strdup(path), e);
}

static void cleanup_forget(const char *path)
{
  g_mutex_lock(&cleanup_lock);
  if (cleanup_paths)
    g_hash_table_remove(cleanup_paths, path);
  g_mutex_unlock(&cleanup_lock);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void)st;
  (void)type;
  (void)ftw;
  remove(path);
  return 0;
}

/* Removes a folder riskdoc made (a staging folder) with everything in it; never follows a
 * symlink. */
static void remove_own_tree(const char *path)
{
  nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static gpointer signal_thread(gpointer data)
{
  sigset_t *set = data;
  int sig = 0;
  while (sigwait(set, &sig) != 0)
    ;
  g_mutex_lock(&cleanup_lock);   /* held until death: no new temporary file is registered */
  if (cleanup_paths) {
    GHashTableIter it;
    gpointer path, entry;
    g_hash_table_iter_init(&it, cleanup_paths);
    while (g_hash_table_iter_next(&it, &path, &entry)) {
      if (((cleanup_entry *)entry)->is_folder)
        remove_own_tree(path);
      else
        unlink(path);
    }
  }
  signal(sig, SIG_DFL);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, sig);
  pthread_sigmask(SIG_UNBLOCK, &one, NULL);
  raise(sig);
  _exit(128 + sig);
}

void rd_output_install_signal_cleanup(void)
{
  static sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  g_thread_unref(g_thread_new("rd-signals", signal_thread, &set));
}

/* ---- single files ----------------------------------------------------------------------- */

gboolean rd_write_all(int fd, const void *data, gsize length)
{
  const char *p = data;
  while (length > 0) {
    ssize_t n = write(fd, p, length);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = EIO;
      return FALSE;
    }
    p += n;
    length -= (gsize)n;
  }
  return TRUE;
}

static gboolean fsync_path(const char *path, gboolean folder)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (folder ? O_DIRECTORY : 0));
  if (fd < 0)
    return FALSE;
  gboolean ok = fsync(fd) == 0;
  int saved = errno;
  close(fd);
  errno = saved;
  return ok;
}

static gboolean fsync_parent(const char *path)
{
  char *dir = g_path_get_dirname(path);
  gboolean ok = fsync_path(dir, TRUE);
  g_free(dir);
  return ok;
}

#define TEMP_PREFIX ".riskdoc-"
#define TEMP_SUFFIX ".tmp"
/* A temporary file younger than this is left alone even when unlocked: its creator may be
 * between creating it and locking it, or write from another machine into a shared folder whose
 * locks stay on each host (NFS local_lock, CIFS nobrl), where an unchanged temporary file can
 * sit for the long counting pass of a big document. */
#define STALE_TEMP_AGE_SECONDS 3600

static gboolean is_temp_name(const char *base)
{
  return g_str_has_prefix(base, TEMP_PREFIX) && g_str_has_suffix(base, TEMP_SUFFIX);
}

/* Removes dirfd's entry name if it is a regular temporary file nobody holds: its writer died
 * (kill -9, power loss) before committing or abandoning it. */
static void remove_if_stale(int dirfd, const char *name, time_t now)
{
  struct stat held, named;
  if (fstatat(dirfd, name, &named, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(named.st_mode) ||
      named.st_mtime + STALE_TEMP_AGE_SECONDS >= now)
    return;   /* only an old regular file is opened at all (no device, FIFO or symlink) */
  int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return;
  if (fstat(fd, &held) == 0 && held.st_ino == named.st_ino && held.st_dev == named.st_dev &&
      flock(fd, LOCK_EX | LOCK_NB) == 0 &&
      fstatat(dirfd, name, &named, AT_SYMLINK_NOFOLLOW) == 0 && held.st_ino == named.st_ino &&
      held.st_dev == named.st_dev)
    unlinkat(dirfd, name, 0);
  close(fd);
}

/* One of this process's live temporary files: never swept, whatever the file system's locks
 * say (on NFS, flock is emulated per process, and closing the sweep's fd would drop it). */
static gboolean is_own_temp(const char *dir, const char *name)
{
  char *path = g_build_filename(dir, name, NULL);
  g_mutex_lock(&cleanup_lock);
  gboolean own = cleanup_paths && g_hash_table_contains(cleanup_paths, path);
  g_mutex_unlock(&cleanup_lock);
  g_free(path);
  return own;
}

/* Once per folder and process, before the first temporary file there: what killed writers
 * left. Run folders clean their own; this serves files written straight into a user's folder
 * (riskdoc typeset -o FILE). */
static void remove_stale_temps_once(const char *dir)
{
  static GHashTable *swept;   /* guarded by cleanup_lock */
  g_mutex_lock(&cleanup_lock);
  if (!swept)
    swept = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gboolean first = g_hash_table_add(swept, g_strdup(dir));
  g_mutex_unlock(&cleanup_lock);
  if (!first)
    return;
  int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = dirfd >= 0 ? fdopendir(dirfd) : NULL;
  if (!d) {
    if (dirfd >= 0)
      close(dirfd);
    return;
  }
  time_t now = time(NULL);
  struct dirent *e;
  while ((e = readdir(d)))
    if (is_temp_name(e->d_name) && !is_own_temp(dir, e->d_name))
      remove_if_stale(dirfd, e->d_name, now);
  closedir(d);
}

char *rd_output_temp_path(const char *final_path, GError **error)
{
  char *dir = g_path_get_dirname(final_path);
  remove_stale_temps_once(dir);
  char *template = g_build_filename(dir, TEMP_PREFIX "XXXXXX" TEMP_SUFFIX, NULL);
  g_free(dir);
  g_mutex_lock(&cleanup_lock);
  int fd = g_mkstemp_full(template, O_RDWR | O_CLOEXEC, 0600);
  int saved = errno;
  if (fd >= 0) {
    /* a fresh file: nobody else can hold it. Where locks are unsupported (ENOLCK) the file
     * goes unlocked; others' sweeps then cannot lock it either and leave it. */
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 && errno != ENOLCK && errno != EOPNOTSUPP)
      g_warning("flock %s: %s", template, g_strerror(errno));
    cleanup_register_locked(template, FALSE, fd);
  }
  g_mutex_unlock(&cleanup_lock);
  if (fd < 0) {
    set_os_error(error, saved, "无法创建临时文件", template);
    g_free(template);
    return NULL;
  }
  return template;
}

gboolean rd_output_commit(const char *temp_path, const char *final_path, GError **error)
{
  if (!fsync_path(temp_path, FALSE) || g_rename(temp_path, final_path) != 0) {
    int saved = errno;
    rd_output_abandon(temp_path);
    return set_os_error(error, saved, "无法写入", final_path);
  }
  cleanup_forget(temp_path);
  if (!fsync_parent(final_path))
    return set_os_error(error, errno, "无法写入", final_path);
  return TRUE;
}

void rd_output_abandon(const char *temp_path)
{
  if (!temp_path)
    return;
  g_unlink(temp_path);
  cleanup_forget(temp_path);
}

gboolean rd_output_write(const char *path, const void *data, gsize length, GError **error)
{
  char *temp = rd_output_temp_path(path, error);
  if (!temp)
    return FALSE;
  int fd = open(temp, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
  gboolean ok = fd >= 0 && rd_write_all(fd, data, length);
  int saved = errno;
  if (fd >= 0 && close(fd) != 0 && ok) {
    ok = FALSE;
    saved = errno;
  }
  if (ok)
    ok = rd_output_commit(temp, path, error);
  else {
    rd_output_abandon(temp);
    set_os_error(error, saved, "无法写入", path);
  }
  g_free(temp);
  return ok;
}

gboolean rd_output_mkdir(const char *path, GError **error)
{
  if (g_mkdir(path, 0700) != 0 || g_chmod(path, 0700) != 0)
    return set_os_error(error, errno, "无法创建目录", path);
  return TRUE;
}

/* ---- run folders ------------------------------------------------------------------------ */

struct rd_run_dir {
  char *final;      /* the folder as the user named it */
  char *parent;
  char *name;
  char *lock_path;
  int lock_fd;
  char *staging;
  gboolean committed;
};

/* Takes the lock file beside the folder without waiting. The lock file is removed when the
 * run ends, so after locking we check that the name still refers to the file we locked. */
static gboolean take_lock(rd_run_dir *run, GError **error)
{
  for (int attempt = 0; attempt < 8; attempt++) {
    int fd = open(run->lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
      return set_os_error(error, errno, "无法创建锁文件", run->lock_path);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int saved = errno;
      close(fd);
      if (saved == EWOULDBLOCK) {
        g_set_error(error, RD_OUTPUT_ERROR, RD_OUTPUT_ERROR_BUSY,
                    "另一个 riskdoc 正在写入输出目录 %s；等它结束后再运行，或换一个目录（-o）",
                    run->final);
        return FALSE;
      }
      return set_os_error(error, saved, "无法锁定", run->lock_path);
    }
    struct stat held, named;
    if (fstat(fd, &held) == 0 && lstat(run->lock_path, &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
      run->lock_fd = fd;
      g_mutex_lock(&cleanup_lock);
      cleanup_register_locked(run->lock_path, FALSE, -1);
      g_mutex_unlock(&cleanup_lock);
      return TRUE;
    }
    close(fd);   /* the previous holder removed it meanwhile: take the new one */
  }
  return set_os_error(error, EAGAIN, "无法锁定", run->lock_path);
}

static void remove_previous_run(const char *old);

/* What killed runs left beside the folder: staging folders are removed; a previous run moved
 * aside by the two-rename fallback is put back when the folder itself is missing. */
static void clean_leftovers(rd_run_dir *run)
{
  GDir *dir = g_dir_open(run->parent, 0, NULL);
  if (!dir)
    return;
  char *stage_prefix = g_strconcat(".", run->name, STAGE_MARK, NULL);
  char *old_prefix = g_strconcat(".", run->name, OLD_MARK, NULL);
  const char *entry;
  while ((entry = g_dir_read_name(dir))) {
    char *path = g_build_filename(run->parent, entry, NULL);
    if (g_str_has_prefix(entry, stage_prefix))
      remove_own_tree(path);
    else if (g_str_has_prefix(entry, old_prefix)) {
      if (g_file_test(run->final, G_FILE_TEST_EXISTS))
        remove_previous_run(path);   /* killed after the new run was in place */
      else
        g_rename(path, run->final);  /* killed between the two renames */
    }
    g_free(path);
  }
  g_dir_close(dir);
  g_free(stage_prefix);
  g_free(old_prefix);
}

/* Adds a relative path and the folders it lies in (交办单/x.pdf: also 交办单). */
static void add_with_folders(GHashTable *known, const char *relative)
{
  char *path = g_strdup(relative);
  while (*path && strcmp(path, ".") && strcmp(path, G_DIR_SEPARATOR_S)) {
    char *parent = g_path_get_dirname(path);
    g_hash_table_add(known, path);
    path = parent;
  }
  g_free(path);
}

/* The relative paths a previous run wrote, from its summary.json; NULL when the folder holds
 * no readable riskdoc summary. */
static GHashTable *previous_run_files(const char *folder)
{
  char *path = g_build_filename(folder, "summary.json", NULL);
  JsonParser *parser = json_parser_new();
  GHashTable *known = NULL;
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && json_parser_load_from_file(parser, path, NULL)) {
    JsonNode *root = json_parser_get_root(parser);
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    const char *schema = o ? json_object_get_string_member_with_default(o, "schema", "") : "";
    JsonArray *outputs = o && json_object_has_member(o, "outputs")
                           ? json_object_get_array_member(o, "outputs") : NULL;
    if (g_str_has_prefix(schema, "riskdoc.summary/") && outputs) {
      known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add(known, g_strdup("summary.json"));
      for (guint i = 0; i < json_array_get_length(outputs); i++) {
        JsonNode *n = json_array_get_element(outputs, i);
        JsonObject *out = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        const char *p = out ? json_object_get_string_member_with_default(out, "path", NULL) : NULL;
        if (p)
          add_with_folders(known, p);
      }
    }
  }
  g_object_unref(parser);
  g_free(path);
  return known;
}

/* A file riskdoc may have written: listed by the run, or a temporary file of ours. */
static gboolean is_known(GHashTable *known, const char *relative, const char *base)
{
  return (known && g_hash_table_contains(known, relative)) ||
         is_temp_name(base);
}

/* Walks a folder without following symlinks. Checking (remove FALSE): TRUE when it holds
 * only known files and the folders they lie in; *unknown gets the first other entry. Removing: unlinks the
 * known files and the folders left empty, leaves anything else (and returns FALSE). */
static gboolean walk_run(int dirfd, const char *prefix, GHashTable *known, gboolean remove,
                         char **unknown)
{
  int fd = dup(dirfd);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    if (fd >= 0)
      close(fd);
    if (unknown && !*unknown)
      *unknown = g_strdup(*prefix ? prefix : ".");
    return FALSE;
  }
  gboolean clean = TRUE;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char *relative = *prefix ? g_strconcat(prefix, "/", e->d_name, NULL) : g_strdup(e->d_name);
    struct stat st;
    gboolean ok = fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (ok && S_ISDIR(st.st_mode) && known && g_hash_table_contains(known, relative)) {
      int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      ok = sub >= 0 && walk_run(sub, relative, known, remove, unknown);
      if (sub >= 0)
        close(sub);
      if (ok && remove)
        ok = unlinkat(dirfd, e->d_name, AT_REMOVEDIR) == 0;
    } else if (ok && S_ISREG(st.st_mode) && is_known(known, relative, e->d_name)) {
      if (remove)
        ok = unlinkat(dirfd, e->d_name, 0) == 0;
    } else {
      ok = FALSE;
      if (unknown && !*unknown)
        *unknown = g_strdup(relative);
    }
    g_free(relative);
    clean = clean && ok;
    if (!ok && !remove)
      break;
  }
  closedir(d);
  return clean;
}

/* May the existing folder be replaced? It must be a writable folder, empty or holding only
 * a previous run. */
static gboolean check_replaceable(const rd_run_dir *run, const struct stat *st, GError **error)
{
  if (S_ISLNK(st->st_mode) || !S_ISDIR(st->st_mode)) {
    g_set_error(error, RD_OUTPUT_ERROR, RD_OUTPUT_ERROR_REFUSED,
                "输出位置 %s 已存在，但不是目录%s；请换一个目录（-o）", run->final,
                S_ISLNK(st->st_mode) ? "（是符号链接）" : "");
    return FALSE;
  }
  /* the owner's write bit is the user's word even where access() lets root through */
  if (access(run->final, W_OK | X_OK) != 0)
    return set_os_error(error, errno, "输出目录不可写入，未做任何改动：", run->final);
  if (st->st_uid == geteuid() && !(st->st_mode & S_IWUSR))
    return set_os_error(error, EACCES, "输出目录不可写入，未做任何改动：", run->final);
  GHashTable *known = previous_run_files(run->final);
  int fd = open(run->final, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  char *unknown = NULL;
  gboolean ok = fd >= 0 && walk_run(fd, "", known, FALSE, &unknown);
  if (fd >= 0)
    close(fd);
  if (known)
    g_hash_table_unref(known);
  if (!ok)
    g_set_error(error, RD_OUTPUT_ERROR, RD_OUTPUT_ERROR_REFUSED,
                "输出目录 %s 中有不是上一次 riskdoc 运行写下的文件（%s），为免删除它们，未写入任何"
                "文件；请换一个新目录或空目录（-o）",
                run->final, unknown ? unknown : "无法读取");
  g_free(unknown);
  return ok;
}

/* The staging folder beside the final one; it takes an existing folder's mode and group, so
 * that a shared (e.g. 2775) folder stays shared. */
static gboolean make_staging(rd_run_dir *run, const struct stat *existing, GError **error)
{
  char *template = g_strconcat(run->parent, G_DIR_SEPARATOR_S ".", run->name, STAGE_MARK "XXXXXX",
                               NULL);
  g_mutex_lock(&cleanup_lock);
  char *made = g_mkdtemp_full(template, 0700);
  int saved = errno;
  if (made)
    cleanup_register_locked(template, TRUE, -1);
  g_mutex_unlock(&cleanup_lock);
  if (!made) {
    set_os_error(error, saved, "无法创建输出目录", template);
    g_free(template);
    return FALSE;
  }
  run->staging = template;
  if (existing) {
    if (chown(run->staging, (uid_t)-1, existing->st_gid) != 0 && errno != EPERM)
      return set_os_error(error, errno, "无法设置目录属组", run->staging);
    if (chmod(run->staging, existing->st_mode & 07777) != 0)
      return set_os_error(error, errno, "无法设置目录权限", run->staging);
  }
  return TRUE;
}

rd_run_dir *rd_run_dir_open(const char *final_dir, GError **error)
{
  rd_run_dir *run = g_new0(rd_run_dir, 1);
  run->lock_fd = -1;
  run->final = g_strdup(final_dir);
  while (strlen(run->final) > 1 && g_str_has_suffix(run->final, G_DIR_SEPARATOR_S))
    run->final[strlen(run->final) - 1] = '\0';
  run->parent = g_path_get_dirname(run->final);
  run->name = g_path_get_basename(run->final);
  if (!strcmp(run->name, ".") || !strcmp(run->name, "..") || !strcmp(run->name, G_DIR_SEPARATOR_S)) {
    g_set_error(error, RD_OUTPUT_ERROR, RD_OUTPUT_ERROR_REFUSED,
                "输出目录 %s 须是一个有名字的目录（例如 out/通报-2024-05）", final_dir);
    rd_run_dir_free(run);
    return NULL;
  }
  run->lock_path = g_strconcat(run->parent, G_DIR_SEPARATOR_S ".", run->name, LOCK_MARK, NULL);
  struct stat st;
  gboolean ok = TRUE;
  if (g_mkdir_with_parents(run->parent, 0700) != 0)
    ok = set_os_error(error, errno, "无法创建输出目录", run->parent);
  ok = ok && take_lock(run, error);
  if (ok)
    clean_leftovers(run);
  gboolean exists = ok && lstat(run->final, &st) == 0;
  ok = ok && (!exists || check_replaceable(run, &st, error)) &&
       make_staging(run, exists ? &st : NULL, error);
  if (!ok) {
    rd_run_dir_free(run);
    return NULL;
  }
  return run;
}

const char *rd_run_dir_staging(const rd_run_dir *run)
{
  return run->staging;
}

/* Puts staging in place of final in one step; the previous run (if any) ends up at *old. */
static gboolean swap_in(rd_run_dir *run, char **old, GError **error)
{
  *old = NULL;
  if (renameat2(AT_FDCWD, run->staging, AT_FDCWD, run->final, RENAME_NOREPLACE) == 0)
    return TRUE;
  int saved = errno;
  if (saved == EEXIST || saved == ENOTEMPTY) {
    if (renameat2(AT_FDCWD, run->staging, AT_FDCWD, run->final, RENAME_EXCHANGE) == 0) {
      *old = g_strdup(run->staging);
      return TRUE;
    }
    saved = errno;
  }
  if (saved != EINVAL && saved != ENOSYS)
    return set_os_error(error, saved, "无法放置输出目录", run->final);
  /* a file system without renameat2's flags: two renames; a crash between them leaves the
   * previous run under the OLD_MARK name, which the next run puts back */
  if (g_file_test(run->final, G_FILE_TEST_EXISTS)) {
    *old = g_strconcat(run->parent, G_DIR_SEPARATOR_S ".", run->name, OLD_MARK "0", NULL);
    if (g_rename(run->final, *old) != 0) {
      g_clear_pointer(old, g_free);
      return set_os_error(error, errno, "无法放置输出目录", run->final);
    }
  }
  if (g_rename(run->staging, run->final) != 0) {
    saved = errno;
    if (*old)
      g_rename(*old, run->final);
    g_clear_pointer(old, g_free);
    return set_os_error(error, saved, "无法放置输出目录", run->final);
  }
  return TRUE;
}

/* Removes what the previous run wrote; anything else found there (added while we ran) stays,
 * under the hidden name, and is reported. */
static void remove_previous_run(const char *old)
{
  GHashTable *known = previous_run_files(old);
  int fd = open(old, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  char *unknown = NULL;
  gboolean clean = fd >= 0 && walk_run(fd, "", known, TRUE, &unknown);
  if (fd >= 0)
    close(fd);
  if (clean && g_rmdir(old) != 0)
    clean = FALSE;
  if (!clean)
    g_printerr("riskdoc：上一次运行的目录中有新出现的文件（%s），已保留在 %s\n",
               unknown ? unknown : "?", old);
  g_free(unknown);
  if (known)
    g_hash_table_unref(known);
}

gboolean rd_run_dir_commit(rd_run_dir *run, GError **error)
{
  if (!fsync_path(run->staging, TRUE))
    return set_os_error(error, errno, "无法写入", run->staging);
  char *old = NULL;
  if (!swap_in(run, &old, error))
    return FALSE;
  run->committed = TRUE;
  cleanup_forget(run->staging);
  if (old)
    remove_previous_run(old);
  g_free(old);
  if (!fsync_path(run->parent, TRUE))
    return set_os_error(error, errno, "无法写入", run->parent);
  return TRUE;
}

void rd_run_dir_free(rd_run_dir *run)
{
  if (!run)
    return;
  if (run->staging && !run->committed) {
    remove_own_tree(run->staging);
    cleanup_forget(run->staging);
  }
  if (run->lock_fd >= 0) {
    unlink(run->lock_path);   /* while still holding it: see take_lock */
    cleanup_forget(run->lock_path);
    close(run->lock_fd);
  }
  g_free(run->final);
  g_free(run->parent);
  g_free(run->name);
  g_free(run->lock_path);
  g_free(run->staging);
  g_free(run);
}

/* ---- checksums, names, the outputs list -------------------------------------------------- */

char *rd_file_sha256(const char *path, GError **error)
{
  GMappedFile *map = g_mapped_file_new(path, FALSE, error);
  if (!map)
    return NULL;
  char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                          (const guchar *)g_mapped_file_get_contents(map),
                                          g_mapped_file_get_length(map));
  g_mapped_file_unref(map);
  return hex;
}

char *rd_safe_filename(const char *name, gsize max_bytes)
{
  GString *out = g_string_new(NULL);
  char *valid = g_utf8_make_valid(name, -1);
  for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (rd_is_invisible_control(c) || g_unichar_type(c) == G_UNICODE_FORMAT)
      continue;   /* a U+202E in a unit's name would show its file name reversed */
    if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
        c == '>' || c == '|' || g_unichar_iscntrl(c))
      c = '_';
    if (out->len == 0 && (c == '.' || g_unichar_isspace(c)))
      continue;   /* no hidden files, no "..", no leading blanks */
    char buf[8];
    int n = g_unichar_to_utf8(c, buf);
    if (out->len + (gsize)n > max_bytes)
      break;
    g_string_append_len(out, buf, n);
  }
  g_free(valid);
  while (out->len && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '.'))
    g_string_truncate(out, out->len - 1);   /* Windows drops trailing dots and blanks */
  if (out->len == 0)
    g_string_assign(out, "_");
  return g_string_free(out, FALSE);
}

static void output_clear(gpointer data)
{
  rd_output *o = data;
  g_free(o->kind);
  g_free(o->path);
  g_free(o->sha256);
}

GArray *rd_outputs_new(void)
{
  GArray *outputs = g_array_new(FALSE, TRUE, sizeof(rd_output));
  g_array_set_clear_func(outputs, output_clear);
  return outputs;
}

gboolean rd_outputs_add(GArray *outputs, const char *dir, const char *kind,
                        const char *relative_path, int pages, GError **error)
{
  char *full = g_build_filename(dir, relative_path, NULL);
  char *sha = rd_file_sha256(full, error);
  g_free(full);
  if (!sha)
    return FALSE;
  rd_output o = { g_strdup(kind), g_strdup(relative_path), pages, sha };
  g_array_append_val(outputs, o);
  return TRUE;
}

void rd_output_name_in_error(GError *error, const char *temp_path, const char *shown)
{
  if (!error || !temp_path || !strstr(error->message, temp_path))
    return;
  GString *message = g_string_new(error->message);
  g_string_replace(message, temp_path, shown, 0);
  g_free(error->message);
  error->message = g_string_free(message, FALSE);
}
