/* datadir.h — where the program finds its data (templates/, fonts/) and a user's own files.
 *
 * The data folder is found at run time, never compiled in, so that the same binary works
 * installed (<prefix>/bin/riskdoc with <prefix>/share/riskdoc), moved with its share folder,
 * or run from its build tree:
 *   1. $RISKDOC_DATADIR when set and not empty;
 *   2. ../share/riskdoc next to the executable (/proc/self/exe), when it holds templates/
 *      (the path from bin/ to share/riskdoc/ the install rules use);
 *   3. the source tree named by the marker file riskdoc-build-tree that CMake writes beside
 *      the executable in a build tree.
 * A user's profile and fonts live in $XDG_CONFIG_HOME/riskdoc/ (~/.config/riskdoc/), used
 * after --config and --fonts. */
#ifndef RISKDOC_DATADIR_H
#define RISKDOC_DATADIR_H

#include <glib.h>

/* The name of the marker CMake writes beside the executable in a build tree. */
#define RD_BUILD_TREE_MARKER "riskdoc-build-tree"

/* The data folder as above; NULL with error (saying how to set it) when none is found.
 * Caller frees. */
char *rd_datadir(GError **error);

/* The folder of message catalogues (<lang>/LC_MESSAGES/riskdoc.mo): <build>/locale in a
 * build tree (beside the marker), else ../share/locale next to the executable. Caller frees;
 * NULL when /proc/self/exe cannot be read (gettext's default then applies). */
char *rd_localedir(void);

/* $XDG_CONFIG_HOME/riskdoc/<name> (name may be NULL for the folder itself). Caller frees. */
char *rd_user_config_path(const char *name);

/* The user's own office profile ($XDG_CONFIG_HOME/riskdoc/office.ini), used by every command
 * when --config is not given; NULL when there is none. Caller frees. */
char *rd_user_profile_path(void);

#endif
