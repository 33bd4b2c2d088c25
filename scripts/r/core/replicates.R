# Fixtures for replicate designs (tests/unit/survey/replicates-vs-r.test.ts): every replicate type × interval method
# × {complete, missing Y, fpc, domains, raked}, computed by R survey 4.1 on the same CSV as `scilit estimate`:
#   JK1 (unstratified), JKn, BRR, Fay (rho 0.5) from as.svrepdesign(); bootstrap replicate weights drawn by R's
#   subbootweights (Rao–Wu) and read back through svrepdesign(type = "bootstrap"), as a user supplies them.
# Each result: estimate, SE (svymean, na.rm = TRUE), df = degf(domain design), CI = svyciprop(method).
# Also the defects of issue 20 found against R: nhanes HI_CHOL with missing values, apiclus1 JK1 stype = H,
# and a by-column with NA (svyby drops those rows).
# Run: Rscript scripts/r/core/replicates.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()
options(survey.lonely.psu = "fail")

# --- data: 6 strata of 2 or 4 PSUs (7 BRR pairs: R's Hadamard matrix of order 8), 8-20 respondents per PSU.
set.seed(2020)
psus <- c(2, 2, 4, 2, 2, 2)
rows <- list()
for (h in seq_along(psus)) for (j in seq_len(psus[h])) {
  m <- sample(8:20, 1)
  grp <- sample(c("farmer", "worker", "youth", "elderly"), m, replace = TRUE)
  p <- c(farmer = 0.1, worker = 0.18, youth = 0.3, elderly = 0.12)[grp] + runif(1, -0.04, 0.04)
  rows[[length(rows) + 1]] <- data.frame(
    stratum = sprintf("S%d", h), psu = sprintf("P%d%d", h, j), w = round(runif(m, 40, 160), 2), grp = grp,
    sex = sample(c("female", "male"), m, replace = TRUE),
    age = sample(c("18-39", "40-59", "60-69"), m, replace = TRUE),
    literate = rbinom(m, 1, pmin(pmax(p, 0.02), 0.95)), stringsAsFactors = FALSE)
}
d <- do.call(rbind, rows)
d$lit_na <- ifelse(runif(nrow(d)) < 0.08, NA, d$literate)
d$N_h <- psus[as.integer(sub("S", "", d$stratum))] * 6   # population PSUs per stratum
d$N_all <- 100                                            # population PSUs, unstratified (JK1)
# "NA" written as text: read.csv (and scilit) read it as missing in a text column too.
d$grp_na <- ifelse(runif(nrow(d)) < 0.05, "NA", d$grp)
# Bootstrap replicate factors (Rao–Wu, R's generator), one column per replicate, as a producer would ship them.
base0 <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
bw <- survey:::subbootweights(base0$strata[, 1], base0$cluster[, 1], replicates = 40)
boot <- bw$repweights$weights[bw$repweights$index, ]
colnames(boot) <- sprintf("boot%d", seq_len(ncol(boot)))
d <- cbind(d, boot)
write_fixture_csv(d, file.path(dir, "data", "synth_pairs.csv"))
d <- read_fixture_csv(file.path(dir, "data", "synth_pairs.csv"))
stopifnot(anyNA(d$grp_na))

pop_sex <- data.frame(sex = c("female", "male"), Freq = c(16000, 15500))
pop_age <- data.frame(age = c("18-39", "40-59", "60-69"), Freq = c(12500, 11000, 8000))
margin_json <- function(p, var) { t <- as.list(p$Freq); names(t) <- p[[var]]; list(var = var, targets = t) }
rake_json <- list(margins = list(margin_json(pop_sex, "sex"), margin_json(pop_age, "age")))

one <- function(des, y, method) {
  f <- f1(y)
  m <- svymean(f, des, na.rm = TRUE)
  # svyciprop passes na.rm on to confint(), where the likelihood profile turns it into NA: not for that method.
  ci <- suppressWarnings(if (method == "likelihood") svyciprop(f, des, method = method)
                         else svyciprop(f, des, method = method, na.rm = TRUE))
  list(estimate = as.vector(coef(m)), se = as.vector(SE(m)), df = degf(des),
       n = sum(weights(des, "sampling") != 0 & !is.na(des$variables[[y]])), ci = as.vector(attr(ci, "ci")))
}
results_of <- function(des, y, method, by) {
  out <- list(c(list(domain = structure(list(), names = character(0))), one(des, y, method)))
  if (!is.null(by)) for (g in sort(unique(na.omit(d[[by]])))) {
    dom <- list(g); names(dom) <- by
    keep <- !is.na(d[[by]]) & d[[by]] == g
    out[[length(out) + 1]] <- c(list(domain = dom), one(des[keep, ], y, method))
  }
  out
}

types <- list(
  JK1 = list(args = c("--replicates", "jk1"), strat = FALSE),
  JKn = list(args = c("--replicates", "jkn"), strat = TRUE),
  BRR = list(args = c("--replicates", "brr"), strat = TRUE),
  Fay = list(args = c("--replicates", "fay", "--fay-rho", "0.5"), strat = TRUE),
  bootstrap = list(args = c("--repweights", "boot[0-9]+", "--rep-type", "bootstrap", "--combined", "false"),
                   strat = TRUE))
scenarios <- c("complete", "missing", "fpc", "domains", "raked")
methods <- c("logit", "xlogit", "beta", "mean", "asin")   # and likelihood, below

make_rep <- function(type, fpc) {
  if (type == "bootstrap")
    return(svrepdesign(data = d, repweights = "boot[0-9]+", weights = ~w, type = "bootstrap",
                       combined.weights = FALSE))
  base <- if (type == "JK1") {
    if (fpc) svydesign(ids = ~psu, weights = ~w, fpc = ~N_all, data = d)
    else svydesign(ids = ~psu, weights = ~w, data = d)
  } else {
    if (fpc) svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~N_h, data = d, nest = TRUE)
    else svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
  }
  suppressWarnings(as.svrepdesign(base, type = type, fay.rho = if (type == "Fay") 0.5 else 0))
}

cases <- list()
for (type in names(types)) for (sc in scenarios) {
  if (type == "bootstrap" && sc == "fpc") next   # svrepdesign: "Separate fpc not needed for bootstrap"
  des <- make_rep(type, sc == "fpc")
  if (sc == "raked") des <- rake(des, list(~sex, ~age), list(pop_sex, pop_age))
  y <- if (sc == "missing") "lit_na" else "literate"
  by <- if (sc == "domains") "grp" else NULL
  design_args <- c("--weight", "w", "--psu", "psu", if (types[[type]]$strat) c("--strata", "stratum", "--nest"))
  if (sc == "fpc") design_args <- c(design_args, "--fpc", if (type == "JK1") "N_all" else "N_h")
  # likelihood: R survey 4.1 gives NA on replicate designs (its svyvar of the Pearson residuals is not the
  # linearized one), so scilit refuses it there; it is compared on the Taylor design below.
  for (m in methods) {
    cases[[length(cases) + 1]] <- list(
      id = paste(type, sc, m), type = type, scenario = sc, method = m,
      args = c("--var", y, design_args, types[[type]]$args, "--ci", m, if (!is.null(by)) c("--by", by)),
      rake = if (sc == "raked") rake_json else NULL,
      results = results_of(des, y, m, by))
  }
}

# The likelihood interval on the linearized (Taylor) design too.
taylor_base <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
for (sc in c("complete", "domains", "raked")) {
  des <- if (sc == "raked") rake(taylor_base, list(~sex, ~age), list(pop_sex, pop_age)) else taylor_base
  by <- if (sc == "domains") "grp" else NULL
  cases[[length(cases) + 1]] <- list(
    id = paste("Taylor", sc, "likelihood"), type = "Taylor", scenario = sc, method = "likelihood",
    args = c("--var", "literate", "--weight", "w", "--psu", "psu", "--strata", "stratum", "--nest", "--ci", "likelihood",
             if (!is.null(by)) c("--by", by)),
    rake = if (sc == "raked") rake_json else NULL,
    results = results_of(des, "literate", "likelihood", by))
}

# Defects of issue 20, found against R.
data(nhanes)
write_fixture_csv(nhanes[, c("SDMVPSU", "SDMVSTRA", "WTMEC2YR", "HI_CHOL", "race", "agecat", "RIAGENDR")],
                  file.path(dir, "data", "nhanes.csv"))
nh <- read_fixture_csv(file.path(dir, "data", "nhanes.csv"))
nh_rep <- as.svrepdesign(svydesign(id = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = nh),
                         type = "JKn")
c1 <- read_fixture_csv(file.path(dir, "data", "apiclus1.csv"))
c1_rep <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = c1), type = "JK1")
c1_h <- c1_rep[c1$stype == "H", ]
taylor <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
by_na <- svyby(~literate, ~grp_na, taylor, svymean)
defects <- list(
  nhanes_missing = list(args = c("--var", "HI_CHOL", "--weight", "WTMEC2YR", "--strata", "SDMVSTRA", "--psu", "SDMVPSU",
                                 "--nest", "--replicates", "jkn", "--ci", "mean"),
                        results = list(c(list(domain = structure(list(), names = character(0))),
                                         one(nh_rep, "HI_CHOL", "mean")))),
  apiclus1_jk1_h = list(args = c("--var", "yes", "--weight", "pw", "--psu", "dnum", "--replicates", "jk1",
                                 "--by", "stype", "--ci", "mean"),
                        h = one(c1_h, "yes", "mean"),
                        h_logit = one(c1_h, "yes", "logit")),
  by_na = list(args = c("--var", "literate", "--weight", "w", "--strata", "stratum", "--psu", "psu", "--nest",
                        "--by", "grp_na", "--ci", "mean"),
               domains = as.list(as.character(by_na$grp_na)), estimate = as.vector(coef(by_na)),
               se = as.vector(SE(by_na)), dropped = sum(is.na(d$grp_na))))
write_json_fixture(list(generated_by = "scripts/r/core/replicates.R", data = "synth_pairs.csv", cases = cases,
                        defects = defects), file.path(dir, "replicates.json"))
cat(length(cases), "replicate cases\n")
