# Writes the real event sets of ./bench.sh realdata from data sets shipped in Debian's R packages
# (bookworm: r-cran-mass 7.3-58.2, r-cran-boot 1.3-28.1, r-cran-surveillance 1.20.3). Run from this folder:
#   apt-get install --no-install-recommends r-base-core r-cran-mass r-cran-boot r-cran-surveillance
#   Rscript make.R
# Each set is one sequence, split in time: train.csv holds the first 70% of its events, test.csv the rest
# preceded by train's last event (the first event of a sequence is conditioned on, not scored, so the test
# file scores exactly the events that train.csv does not hold).
suppressMessages({ library(MASS); library(boot); library(surveillance) })
TRAIN_SHARE <- 0.7

write_set <- function(name, entity, seconds, types, origin) {
  stopifnot(!is.unsorted(seconds))
  stamp <- format(as.POSIXct(origin, tz = "UTC") + seconds, "%Y-%m-%dT%H:%M:%OS3Z", tz = "UTC")
  rows <- data.frame(entity_id = entity, timestamp = stamp, type = types)
  n <- nrow(rows)
  cut <- round(TRAIN_SHARE * n)
  dir.create(name, showWarnings = FALSE)
  write.csv(rows[1:cut, ], file.path(name, "train.csv"), row.names = FALSE, quote = FALSE)
  write.csv(rows[cut:n, ], file.path(name, "test.csv"), row.names = FALSE, quote = FALSE)
}

options(digits.secs = 3)

# Old Faithful, 1-15 August 1985 (Azzalini & Bowman 1990; MASS::geyser, GPL-2 | GPL-3): 'waiting' is the
# time in minutes from the previous eruption's start to this one's; the type is the eruption's length,
# "long" from 3 minutes on (night-time durations were coded 2, 3 or 4 for short, medium, long).
g <- MASS::geyser
write_set("geyser", "old-faithful", cumsum(g$waiting) * 60,
          ifelse(g$duration >= 3, "long", "short"), "1985-08-01 06:00:00")

# British coal-mining explosions with 10 or more deaths, 1851-1962 (Jarrett 1979; boot::coal, 'unlimited
# distribution'): 'date' is the year plus (day of the year, 1 on 1 January) / days in the year.
year <- floor(boot::coal$date)
start <- as.POSIXct(paste0(year, "-01-01"), tz = "UTC")
days_in_year <- as.numeric(difftime(as.POSIXct(paste0(year + 1, "-01-01"), tz = "UTC"), start, units = "days"))
day <- round((boot::coal$date - year) * days_in_year)
coal_seconds <- as.numeric(difftime(start + (day - 1) * 86400, as.POSIXct("1851-01-01", tz = "UTC"), units = "secs"))
write_set("coal", "britain", coal_seconds, rep("explosion", length(day)), "1851-01-01 00:00:00")

# Invasive meningococcal disease in Germany, 2002-2008, finetypes B and C (Meyer et al. 2012;
# surveillance::imdepi, GPL-2): 'time' is days since 2002-01-01 with U(0,1) subtracted to break ties.
data("imdepi", package = "surveillance")
e <- as.data.frame(imdepi$events)
e <- e[order(e$time), ]
write_set("imdepi", "germany", e$time * 86400, as.character(e$type), "2002-01-01 00:00:00")
