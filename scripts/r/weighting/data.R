# Exports the data sets of the weighting fixtures into tests/fixtures/survey/weighting/data/: R survey's
# apistrat and apiclus1, and a synthetic stratified cluster sample of a literacy survey with the bundled
# form's weighting variables (sex, age_group census bands, residence), six groups and a response flag.
# Run: Rscript scripts/r/weighting/data.R   (then weighting.R)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
out <- file.path(fixture_dir(), "data")
dir.create(out, recursive = TRUE, showWarnings = FALSE)

data(api)
keep <- c("cds", "stype", "dnum", "snum", "api00", "api99", "enroll", "sch.wide", "awards", "comp.imp", "pw")
yes <- function(d) { d$yes <- as.numeric(d$sch.wide == "Yes"); d }
write_fixture_csv(yes(apistrat[, keep]), file.path(out, "apistrat.csv"))
write_fixture_csv(yes(apiclus1[, keep]), file.path(out, "apiclus1.csv"))

# 12 strata of 3–6 PSUs (villages / neighbourhoods), 8–30 interviews each.
set.seed(20251123)
bands <- c("18-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65-69")
rows <- list()
for (h in 1:12) {
  for (j in seq_len(sample(3:6, 1))) {
    m <- sample(8:30, 1)
    urban <- runif(1) < 0.55
    age_group <- sample(bands, m, replace = TRUE, prob = c(3, 7, 8, 9, 9, 10, 11, 11, 10, 9, 8))
    sex <- sample(c("male", "female"), m, replace = TRUE)
    grp <- sample(c("youth", "farmer", "worker", "elderly", "official", "other"), m, replace = TRUE,
                  prob = c(0.2, 0.25, 0.2, 0.2, 0.05, 0.1))
    p <- 0.08 + 0.12 * urban + 0.1 * (grp == "official") - 0.04 * (grp == "elderly")
    rows[[length(rows) + 1]] <- data.frame(
      stratum = sprintf("D%02d", h), psu = sprintf("V%02d-%d", h, j),
      w = round(runif(1, 300, 900) * runif(m, 0.8, 1.25), 2),
      sex = sex, age_group = age_group, residence = if (urban) "urban" else "rural", grp = grp,
      literate = rbinom(m, 1, p), score = round(rnorm(m, 50 + 60 * p, 12), 1),
      responded = rbinom(m, 1, if (urban) 0.75 else 0.88),
      stringsAsFactors = FALSE)
  }
}
synth <- do.call(rbind, rows)
write_fixture_csv(synth, file.path(out, "synth.csv"))
cat(nrow(synth), "synthetic rows;", length(unique(synth$psu)), "PSUs; written to", out, "\n")

# The same sample where district D12 kept only its first village: a stratum with a lonely PSU.
lonely <- synth[synth$stratum != "D12" | synth$psu == "V12-1", ]
write_fixture_csv(lonely, file.path(out, "synth_lonely.csv"))
cat(nrow(lonely), "rows in synth_lonely.csv\n")
