/* i18n.h: gettext shorthands used by every user-visible string. */
#ifndef AFTERCARE_I18N_H
#define AFTERCARE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
