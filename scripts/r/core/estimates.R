# Computes the estimation fixtures with R survey 4.1 (svymean/svytotal/svyratio with deff=TRUE, degf,
# svyciprop) for every case below, on the CSVs data.R wrote, into tests/fixtures/survey/core/estimates.json.
# Domains are estimated as svyby does: FUN(formula, design[domain, ]).
# Run: Rscript scripts/r/core/estimates.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()
methods <- c("logit", "beta", "mean", "asin")
levels_ci <- c(0.95, 0.9, 0.99, 0.8)

# Wilson with n_eff = p(1-p)/V capped at n and the t quantile on the design df (methodology.md §2.4;
# R 4.1's svyciprop has no Wilson): computed here from R's own V, df and qt.
wilson <- function(p, v, df, level, n) {
  ne <- p * (1 - p) / v
  if (!is.finite(ne) || ne >= n) ne <- n
  t <- qt(1 - (1 - level) / 2, df)
  t2n <- t^2 / ne
  centre <- (p + t2n / 2) / (1 + t2n)
  half <- t / (1 + t2n) * sqrt(p * (1 - p) / ne + t2n / (4 * ne))
  c(centre - half, centre + half)
}

one_estimate <- function(case, des) {
  # Rows with a missing value take no part (na.rm): n and df are those of the rows with a value.
  if (isTRUE(case$na_rm)) des <- des[!is.na(des$variables[[case$var]]), ]
  if (case$statistic == "mean") {
    m <- svymean(f1(case$var), des, deff = TRUE, na.rm = isTRUE(case$na_rm))
  } else if (case$statistic == "total") {
    m <- svytotal(f1(case$var), des, deff = TRUE, na.rm = isTRUE(case$na_rm))
  } else {
    m <- svyratio(f1(case$var), f1(case$denom), des, deff = TRUE, na.rm = isTRUE(case$na_rm))
  }
  est <- if (case$statistic == "ratio") as.vector(coef(m)) else as.vector(coef(m))
  se <- as.vector(SE(m))
  r <- list(estimate = est, se = se, deff = as.vector(deff(m)), df = degf(des),
            n = sum(weights(des) != 0), sum_w = sum(weights(des)))
  if (isTRUE(case$ci) && est > 0 && est < 1) {
    ci <- list()
    for (meth in methods) {
      ci[[meth]] <- lapply(levels_ci, function(L) {
        as.vector(attr(svyciprop(f1(case$var), des, method = meth, level = L), "ci"))
      })
    }
    ci$wilson <- lapply(levels_ci, function(L) wilson(est, se^2, degf(des), L, r$n))
    r$ci <- ci
  }
  r
}

run_case <- function(case) {
  data <- read_fixture_csv(file.path(dir, "data", case$data))
  des <- make_design(data, case$design)
  options(survey.lonely.psu = if (is.null(case$lonely)) "fail" else case$lonely,
          survey.adjust.domain.lonely = isTRUE(case$adjust_domain_lonely))
  domains <- list(list())
  if (!is.null(case$by)) {
    combos <- unique(data[, case$by, drop = FALSE])
    combos <- combos[do.call(order, unname(as.list(combos))), , drop = FALSE]
    for (k in seq_len(nrow(combos))) {
      dom <- lapply(case$by, function(b) as.character(combos[k, b]))
      names(dom) <- case$by
      domains[[length(domains) + 1]] <- dom
    }
  }
  case$results <- lapply(domains, function(dom) {
    d <- des
    if (length(dom)) {
      mask <- Reduce(`&`, lapply(names(dom), function(b) as.character(data[[b]]) == dom[[b]]))
      d <- des[mask, ]
    }
    r <- tryCatch(one_estimate(case, d), error = function(e) list(error = conditionMessage(e)))
    c(list(domain = if (length(dom)) dom else structure(list(), names = character(0))), r)
  })
  case
}

S <- function(...) list(...)
strat <- S(weights = "w", strata = "stratum", psu = "psu")
cases <- list(
  S(id = "deff10 srs mean (survey tests/deff.R)", data = "deff10.csv", design = S(weights = "srs.w"),
    statistic = "mean", var = "uriage"),
  S(id = "deff10 srs total", data = "deff10.csv", design = S(weights = "srs.w"), statistic = "total", var = "uriage"),
  S(id = "deff10 pps mean", data = "deff10.csv", design = S(weights = "pps.w"), statistic = "mean", var = "uriage"),
  S(id = "apistrat mean api00 by stype, fpc counts", data = "apistrat.csv",
    design = S(weights = "pw", strata = "stype", fpc = "fpc"), statistic = "mean", var = "api00", by = "stype"),
  S(id = "apistrat proportion sch.wide by awards", data = "apistrat.csv",
    design = S(weights = "pw", strata = "stype", fpc = "fpc"), statistic = "mean", var = "yes", by = "awards", ci = TRUE),
  S(id = "apistrat total enroll by stype x comp.imp", data = "apistrat.csv",
    design = S(weights = "pw", strata = "stype", fpc = "fpc"), statistic = "total", var = "enroll",
    by = c("stype", "comp.imp")),
  S(id = "apistrat ratio api00/api99 by stype", data = "apistrat.csv",
    design = S(weights = "pw", strata = "stype", fpc = "fpc"), statistic = "ratio", var = "api00", denom = "api99",
    by = "stype"),
  S(id = "apiclus1 proportion by stype, fpc counts", data = "apiclus1.csv",
    design = S(weights = "pw", psu = "dnum", fpc = "fpc"), statistic = "mean", var = "yes", by = "stype", ci = TRUE),
  S(id = "apiclus1 mean api00 without fpc", data = "apiclus1.csv",
    design = S(weights = "pw", psu = "dnum"), statistic = "mean", var = "api00", by = "awards"),
  S(id = "apiclus1 ratio", data = "apiclus1.csv", design = S(weights = "pw", psu = "dnum"),
    statistic = "ratio", var = "api00", denom = "api99"),
  S(id = "apiclus2 two-stage ids, no fpc (first stage only)", data = "apiclus2.csv",
    design = S(weights = "pw", psu = "dnum", r_ids = "~dnum+snum"), statistic = "mean", var = "yes", by = "stype",
    ci = TRUE),
  S(id = "apiclus2 enroll with missing values (na.rm)", data = "apiclus2.csv",
    design = S(weights = "pw", psu = "dnum"), statistic = "mean", var = "enroll", na_rm = TRUE, by = "stype"),
  S(id = "synth literacy by group", data = "synth_strat.csv", design = strat, statistic = "mean",
    var = "literate", by = "grp", ci = TRUE),
  S(id = "synth literacy by sex x group", data = "synth_strat.csv", design = strat, statistic = "mean",
    var = "literate", by = c("sex", "grp"), ci = TRUE),
  S(id = "synth rare domain (strata without domain PSUs: zero padding)", data = "synth_strat.csv", design = strat,
    statistic = "mean", var = "literate", by = "rare", ci = TRUE),
  S(id = "synth score mean by group", data = "synth_strat.csv", design = strat, statistic = "mean", var = "score",
    by = "grp"),
  S(id = "synth literate total by group", data = "synth_strat.csv", design = strat, statistic = "total",
    var = "literate", by = "grp"),
  S(id = "synth ratio literate/hh by sex", data = "synth_strat.csv", design = strat, statistic = "ratio",
    var = "literate", denom = "hh", by = "sex"),
  S(id = "synth fpc counts", data = "synth_strat.csv", design = c(strat, fpc = "N_h"), statistic = "mean",
    var = "literate", by = "grp", ci = TRUE),
  S(id = "synth fpc fractions", data = "synth_strat.csv", design = c(strat, fpc = "f_h"), statistic = "mean",
    var = "literate", by = "grp"),
  S(id = "synth fpc counts without weights (weights N_h/n_h)", data = "synth_strat.csv",
    design = S(strata = "stratum", psu = "psu", fpc = "N_h"), statistic = "mean", var = "score", by = "sex"),
  S(id = "synth nested PSU ids", data = "synth_strat.csv", design = S(weights = "w", strata = "stratum",
    psu = "psu_in", nest = TRUE), statistic = "mean", var = "literate", by = "grp", ci = TRUE),
  S(id = "synth no PSU (rows are PSUs), strata", data = "synth_strat.csv", design = S(weights = "w", strata = "stratum"),
    statistic = "mean", var = "literate", by = "grp"),
  S(id = "synth unweighted clusters", data = "synth_strat.csv", design = S(psu = "psu"), statistic = "mean",
    var = "literate", by = "grp")
)
for (lonely in c("fail", "remove", "certainty", "adjust", "average")) {
  for (adl in c(FALSE, TRUE)) {
    for (v in list(c("literate", "mean"), c("score", "total"))) {
      cases[[length(cases) + 1]] <- S(
        id = sprintf("lonely %s, adjust.domain.lonely %s, %s %s", lonely, adl, v[2], v[1]),
        data = "synth_lonely.csv", design = strat, lonely = lonely, adjust_domain_lonely = adl,
        statistic = v[2], var = v[1], by = "rare", ci = v[2] == "mean")
    }
    cases[[length(cases) + 1]] <- S(
      id = sprintf("lonely %s, adjust.domain.lonely %s, by group", lonely, adl),
      data = "synth_lonely.csv", design = strat, lonely = lonely, adjust_domain_lonely = adl,
      statistic = "mean", var = "literate", by = "grp")
  }
}
cases[[length(cases) + 1]] <- S(id = "lonely adjust with fpc", data = "synth_lonely.csv",
  design = c(strat, fpc = "N_h"), lonely = "adjust", statistic = "mean", var = "literate", by = "grp")

result <- lapply(cases, run_case)
write_json_fixture(list(generated_by = "scripts/r/core/estimates.R", r = R.version.string,
                        survey = as.character(packageVersion("survey")), cases = result),
                   file.path(dir, "estimates.json"))
cat(length(result), "cases,", sum(sapply(result, function(c) length(c$results))), "estimates\n")
