// The MariaDB C client (Debian: libmariadb-dev). Only built with `--traits MySQL`.
#include <mysql.h>
