# Computes the weighting fixtures with R survey 4.1: for every case, the recipe of weighting steps (in the
# JSON form scilit stores, WeightingStepSpec) is applied with R's own functions (postStratify, rake,
# calibrate(calfun = "linear"), trimWeights; the weighting-class non-response adjustment, which R has no
# function for, by hand with ave()), and the final weights, the means and their SEs (overall and by domain,
# as svyby) are written to tests/fixtures/survey/weighting/expected.json. Replicate cases convert the base
# design with as.svrepdesign(type = "JK1" | "JKn") and re-apply the recipe on the replicate design.
# Run: Rscript scripts/r/weighting/data.R && Rscript scripts/r/weighting/weighting.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()
options(survey.lonely.psu = "fail")

# ---- recipe steps, as JSON-able lists (arrays wrapped in I() so that one-element arrays stay arrays) ----
cells_of <- function(pop) {
  vars <- setdiff(names(pop), "Freq")
  lapply(seq_len(nrow(pop)), function(k) list(values = I(as.character(unlist(pop[k, vars]))), N = pop$Freq[k]))
}
step_ps <- function(pop, partial = FALSE) {
  s <- list(step = "poststratify", vars = I(setdiff(names(pop), "Freq")), cells = cells_of(pop))
  if (partial) s$partial <- TRUE
  s
}
step_rake <- function(pops, maxit = NULL, epsilon = NULL) {
  s <- list(step = "rake", margins = lapply(pops, function(p) list(vars = I(setdiff(names(p), "Freq")), cells = cells_of(p))))
  if (!is.null(maxit)) s$maxit <- maxit
  if (!is.null(epsilon)) s$epsilon <- epsilon
  s
}
step_cal <- function(population, factors = list(), numeric = list()) {
  list(step = "calibrate", population = population,
       factors = lapply(factors, function(f) list(var = f$var, targets = as.list(f$targets))),
       numeric = numeric)
}
step_trim <- function(lower, upper, strict = FALSE) list(step = "trim", lower = lower, upper = upper, strict = strict)
step_nr <- function(classes, responded) list(step = "nonresponse", classes = I(classes), responded = responded)

pop_df <- function(vars, values, N) {
  d <- as.data.frame(values, stringsAsFactors = FALSE)
  names(d) <- vars
  d$Freq <- N
  d
}

# ---- applying a recipe with R survey ----
apply_step <- function(des, s, data) {
  if (s$step == "poststratify") {
    pop <- pop_df(s$vars, do.call(rbind, lapply(s$cells, function(c) c$values)), sapply(s$cells, function(c) c$N))
    return(postStratify(des, f1(s$vars), pop, partial = isTRUE(s$partial)))
  }
  if (s$step == "rake") {
    pops <- lapply(s$margins, function(m)
      pop_df(m$vars, do.call(rbind, lapply(m$cells, function(c) c$values)), sapply(m$cells, function(c) c$N)))
    ctl <- list(maxit = if (is.null(s$maxit)) 10 else s$maxit, epsilon = if (is.null(s$epsilon)) 1 else s$epsilon,
                verbose = FALSE)
    return(rake(des, lapply(s$margins, function(m) f1(m$vars)), pops, control = ctl))
  }
  if (s$step == "calibrate") {
    terms <- c(sapply(s$factors, function(f) f$var), sapply(s$numeric, function(v) v$var))
    form <- f1(unlist(terms))
    mm <- model.matrix(form, model.frame(form, des$variables))
    pop <- c(`(Intercept)` = s$population)
    for (f in s$factors) {
      for (lev in levels(factor(des$variables[[f$var]]))[-1]) pop[paste0(f$var, lev)] <- f$targets[[lev]]
    }
    for (v in s$numeric) pop[v$var] <- v$total
    pop <- pop[colnames(mm)]
    return(calibrate(des, form, pop, calfun = "linear"))
  }
  if (s$step == "trim") return(trimWeights(des, lower = s$lower, upper = s$upper, strict = isTRUE(s$strict)))
  if (s$step == "nonresponse") {
    # By hand (R survey has no such function): w · Σ_c w / Σ_{respondents in c} w, 0 for non-respondents.
    w <- weights(des)
    cls <- interaction(des$variables[, s$classes, drop = FALSE], drop = TRUE)
    r <- des$variables[[s$responded]] != 0
    adj <- ifelse(r, w * ave(w, cls, FUN = sum) / ave(w * r, cls, FUN = sum), 0)
    des$prob <- 1 / adj
    # Non-respondents leave the sample (R's raking variance cannot take zero weights); their PSUs still count
    # in n_h, so this equals keeping them with weight 0.
    return(des[r, ])
  }
  stop("unknown step ", s$step)
}

run_recipe <- function(des, steps, data) {
  warnings <- character()
  for (s in steps) {
    des <- withCallingHandlers(apply_step(des, s, data), warning = function(w) {
      warnings <<- c(warnings, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  }
  list(design = des, warnings = warnings)
}

estimates <- function(des, ys, by, data) {
  out <- list()
  for (y in ys) {
    m <- svymean(f1(y), des)
    out[[length(out) + 1]] <- list(var = y, domain = NULL, mean = unname(coef(m)), se = as.vector(SE(m)))
    if (!is.null(by)) {
      b <- svyby(f1(y), f1(by), des, svymean)
      for (k in seq_len(nrow(b))) {
        out[[length(out) + 1]] <- list(var = y, domain = as.character(b[[by]][k]), mean = unname(b[[y]][k]),
                                       se = as.vector(SE(b))[k])
      }
    }
  }
  out
}

run_case <- function(case) {
  options(survey.lonely.psu = if (is.null(case$lonely)) "fail" else case$lonely)
  data <- read_fixture_csv(file.path(dir, "data", case$data))
  data$.row <- seq_len(nrow(data))
  d <- case$design
  ids <- if (is.null(d$psu)) ~1 else f1(d$psu)
  args <- list(ids = ids, data = data, weights = f1(d$weights), nest = isTRUE(d$nest))
  if (!is.null(d$strata)) args$strata <- f1(d$strata)
  base <- do.call(svydesign, args)
  r <- run_recipe(base, case$steps, data)
  full <- numeric(nrow(data))
  full[r$design$variables$.row] <- weights(r$design)
  case$expected <- list(weights = full, warnings = I(r$warnings),
                        estimates = estimates(r$design, case$y, case$by, data))
  if (!is.null(case$replicates)) {
    rep <- as.svrepdesign(base, type = case$replicates, mse = isTRUE(case$mse))
    rr <- run_recipe(rep, case$steps, data)
    case$expected$replicate <- list(weights = unname(weights(rr$design, "sampling")),
                                    scale = rep$scale, rscales = I(unname(rep$rscales)),
                                    estimates = estimates(rr$design, case$y, case$by, data))
    if (isTRUE(case$rep_weights)) {
      a <- weights(rr$design, "analysis")
      case$expected$replicate$analysis <- lapply(seq_len(ncol(a)), function(r) unname(a[, r]))
    }
  }
  cat(case$name, "\n")
  case
}

# ---- the cases ----
pop_types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
pop_awards <- data.frame(awards = c("No", "Yes"), Freq = c(2400, 3794))

synth <- read_fixture_csv(file.path(dir, "data", "synth.csv"))
bands <- sort(unique(synth$age_group))
# Census-like margins (persons), deliberately unlike the sample's weighted shares.
age_N <- round(seq(38000, 61000, length.out = length(bands)) * c(0.6, rep(1, length(bands) - 1)))
pop_age <- data.frame(age_group = bands, Freq = age_N)
pop_sex <- data.frame(sex = c("female", "male"), Freq = c(sum(age_N) * 0.49, sum(age_N) * 0.51))
pop_res <- data.frame(residence = c("rural", "urban"), Freq = c(sum(age_N) * 0.37, sum(age_N) * 0.63))
cells <- expand.grid(sex = c("female", "male"), age_group = bands, stringsAsFactors = FALSE)
cells$Freq <- round(age_N[match(cells$age_group, bands)] * ifelse(cells$sex == "male", 0.52, 0.48))
cells <- cells[order(cells$age_group, cells$sex), ]
# Totals that a raking with maxit 2 and epsilon 1e-6 cannot meet.
pop_res_far <- data.frame(residence = c("rural", "urban"), Freq = c(sum(age_N) * 0.15, sum(age_N) * 0.85))

strat <- list(weights = "pw", strata = "stype")
clus1 <- list(weights = "pw", psu = "dnum")
syn <- list(weights = "w", strata = "stratum", psu = "psu", nest = TRUE)
lit <- c("literate", "score")

cases <- list(
  list(name = "apistrat post-stratified on school type", data = "apistrat.csv", design = strat,
       steps = list(step_ps(pop_types)), y = I(c("api00", "yes")), by = "awards"),
  list(name = "apiclus1 post-stratified on school type, JK1 replicates", data = "apiclus1.csv", design = clus1,
       steps = list(step_ps(pop_types)), y = I(c("api00", "yes")), by = "stype", replicates = "JK1"),
  list(name = "apiclus1 raked on school type and school-wide target (converged)", data = "apiclus1.csv",
       design = clus1, steps = list(step_rake(list(pop_types, pop_schwide))), y = I(c("api00", "yes")),
       by = "awards", replicates = "JK1", rep_weights = TRUE),
  list(name = "apistrat raked on school type, awards and school-wide target, JKn replicates", data = "apistrat.csv",
       design = strat, steps = list(step_rake(list(pop_types, pop_awards, pop_schwide))),
       y = I(c("api00", "yes")), by = "comp.imp", replicates = "JKn"),
  list(name = "apiclus1 calibrated on school type and api99", data = "apiclus1.csv", design = clus1,
       steps = list(step_cal(6194, list(list(var = "stype", targets = c(E = 4421, H = 755, M = 1018))),
                             list(list(var = "api99", total = 3914069)))),
       y = I(c("api00", "yes")), by = "stype", replicates = "JK1"),
  list(name = "apiclus1 calibrated then trimmed to [30, 40]", data = "apiclus1.csv", design = clus1,
       steps = list(step_cal(6194, list(list(var = "stype", targets = c(E = 4421, H = 755, M = 1018))),
                             list(list(var = "api99", total = 3914069))), step_trim(30, 40)),
       y = I(c("api00", "yes")), by = "stype"),
  list(name = "apistrat post-stratified then strictly trimmed to [20, 45]", data = "apistrat.csv", design = strat,
       steps = list(step_ps(pop_awards), step_trim(20, 45, strict = TRUE)), y = I(c("api00", "yes")), by = "stype"),
  list(name = "synthetic literacy survey: non-response adjusted by residence x sex", data = "synth.csv",
       design = syn, steps = list(step_nr(c("residence", "sex"), "responded")), y = I(lit), by = "grp"),
  list(name = "synthetic literacy survey: post-stratified on sex x age group", data = "synth.csv", design = syn,
       steps = list(step_ps(cells)), y = I(lit), by = "grp", replicates = "JKn"),
  list(name = "synthetic literacy survey: raked on sex, age group and residence", data = "synth.csv",
       design = syn, steps = list(step_rake(list(pop_sex, pop_age, pop_res))), y = I(lit), by = "grp",
       replicates = "JKn"),
  list(name = "synthetic literacy survey: raking that does not converge (maxit 2)", data = "synth.csv",
       design = syn, steps = list(step_rake(list(pop_sex, pop_age, pop_res_far), maxit = 2, epsilon = 1e-6)),
       y = I(lit), by = "grp", replicates = "JKn"),
  list(name = "synthetic literacy survey: non-response, raking, then trimming", data = "synth.csv", design = syn,
       steps = list(step_nr(c("residence"), "responded"), step_rake(list(pop_sex, pop_age, pop_res)),
                    step_trim(100, 1500)), y = I(lit), by = "residence"),
  list(name = "synthetic literacy survey: calibrated on sex, residence and age group", data = "synth.csv",
       design = syn, steps = list(step_cal(sum(age_N),
         list(list(var = "sex", targets = setNames(pop_sex$Freq, pop_sex$sex)),
              list(list(var = "residence", targets = setNames(pop_res$Freq, pop_res$residence)))[[1]],
              list(var = "age_group", targets = setNames(pop_age$Freq, pop_age$age_group))))),
       y = I(lit), by = "grp", replicates = "JKn")
)

lonely_cases <- lapply(c("remove", "certainty", "adjust", "average"), function(opt) list(
  name = paste0("synthetic survey with a one-village district, lonely PSU '", opt, "', raked, JKn replicates"),
  data = "synth_lonely.csv", design = syn, lonely = opt,
  steps = list(step_rake(list(pop_sex, pop_age, pop_res))), y = I(lit), by = "grp", replicates = "JKn"))
extra <- list(
  list(name = "apistrat partially post-stratified (a target cell without schools is ignored)",
       data = "apistrat.csv", design = strat,
       steps = list(step_ps(rbind(pop_types, data.frame(stype = "K", Freq = 300)), partial = TRUE)),
       y = I(c("api00", "yes")), by = "awards"),
  list(name = "apiclus1 raked, JK1 replicates with mse = TRUE", data = "apiclus1.csv", design = clus1,
       steps = list(step_rake(list(pop_types, pop_schwide))), y = I(c("api00", "yes")), by = "stype",
       replicates = "JK1", mse = TRUE, rep_weights = TRUE)
)
cases <- c(cases, lonely_cases, extra)

write_json_fixture(list(cases = lapply(cases, run_case)), file.path(dir, "expected.json"))
cat("fixtures written to", file.path(dir, "expected.json"), "\n")
