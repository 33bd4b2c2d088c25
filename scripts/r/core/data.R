# Exports the data sets the estimation fixtures use into tests/fixtures/survey/core/data/:
# R survey's own api samples (apiclus1, apistrat, apiclus2), the 10-row example of survey's tests/deff.R,
# and synthetic stratified cluster samples (with domains, a lonely-PSU stratum, fpc and nested PSU ids).
# Run: Rscript scripts/r/core/data.R   (then estimates.R)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
out <- file.path(fixture_dir(), "data")
dir.create(out, recursive = TRUE, showWarnings = FALSE)

data(api)
keep <- c("cds", "stype", "dnum", "snum", "api00", "api99", "enroll", "sch.wide", "awards", "comp.imp", "pw", "fpc")
yes <- function(d) { d$yes <- as.numeric(d$sch.wide == "Yes"); d }
write_fixture_csv(yes(apistrat[, keep]), file.path(out, "apistrat.csv"))
write_fixture_csv(yes(apiclus1[, keep]), file.path(out, "apiclus1.csv"))
write_fixture_csv(yes(apiclus2[, c(setdiff(keep, "fpc"), "fpc1", "fpc2")]), file.path(out, "apiclus2.csv"))

# survey/tests/deff.R (Takahiro Tsuchiya): mean 113.700, SE 35.626, Deff 1.0101.
kigyo <- data.frame(obs = 1:10, uriage = c(15, 143, 21, 51, 337, 50, 274, 145, 15, 86),
                    srs.w = 100, pps.w = c(20, 200, 11, 25, 550, 30, 250, 100, 10, 55))
write_fixture_csv(kigyo, file.path(out, "deff10.csv"))

# Synthetic stratified cluster sample: 8 strata of 2–6 PSUs, 5–25 respondents per PSU, six groups.
synth <- function(seed, psus) {
  set.seed(seed)
  rows <- list()
  for (h in seq_along(psus)) {
    for (j in seq_len(psus[h])) {
      m <- sample(5:25, 1)
      grp <- sample(c("youth", "farmer", "worker", "elderly", "official", "other"), m, replace = TRUE,
                    prob = c(0.2, 0.25, 0.2, 0.2, 0.05, 0.1))
      p <- c(youth = 0.3, farmer = 0.08, worker = 0.15, elderly = 0.05, official = 0.45, other = 0.2)[grp]
      u <- runif(1, -0.05, 0.05)
      rows[[length(rows) + 1]] <- data.frame(
        stratum = sprintf("S%d", h), psu = sprintf("P%d-%d", h, j), psu_in = j,
        w = round(runif(m, 50, 400), 3), grp = grp,
        sex = sample(c("male", "female"), m, replace = TRUE),
        literate = rbinom(m, 1, pmin(pmax(p + u, 0.01), 0.99)),
        score = round(rnorm(m, 55 + 20 * p, 12), 1), hh = sample(1:6, m, replace = TRUE),
        stringsAsFactors = FALSE)
    }
  }
  d <- do.call(rbind, rows)
  d$N_h <- psus[as.integer(sub("S", "", d$stratum))] * 7
  d$f_h <- 1 / 7
  # A rare domain: only in the first PSU of strata 1–3 and both PSUs of stratum 4.
  d$rare <- as.numeric((d$psu %in% c("P1-1", "P2-1", "P3-1", "P4-1", "P4-2")) & d$hh <= 3)
  d
}
write_fixture_csv(synth(101, c(4, 3, 5, 2, 6, 3, 4, 5)), file.path(out, "synth_strat.csv"))
# The same with a ninth stratum holding a single PSU (lonely PSU).
write_fixture_csv(synth(202, c(3, 4, 2, 5, 3, 4, 3, 2, 1)), file.path(out, "synth_lonely.csv"))
cat("data written to", out, "\n")
