/* labels.h: translated labels for stored values. */
#ifndef AFTERCARE_LABELS_H
#define AFTERCARE_LABELS_H

/* The translated label for a stored value such as "open" or "in_transit";
 * unknown values come back unchanged. */
const char *label_for(const char *value);

#endif
