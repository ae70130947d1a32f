// PostgreSQL's C client (Debian's libpq-dev), used by NASStudy's PostgreSQL study storage.
#include <libpq-fe.h>
