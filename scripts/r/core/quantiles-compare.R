# R values for (1) the t and beta quantiles the intervals use (qt, qbeta) and (2) comparisons (methodology.md
# §2.8): the difference of two domain proportions of one design, by R's own covariance (svyratio with
# covmat = TRUE, then svycontrast), and against a plan target.
# Run: Rscript scripts/r/core/quantiles-compare.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
dir <- fixture_dir()

qt_cases <- expand.grid(p = c(0.975, 0.95, 0.995, 0.9, 0.025, 0.0005), df = c(1, 2, 3, 7, 8, 20, 39, 117, 1169, 99999))
qt_cases$q <- qt(qt_cases$p, qt_cases$df)
qbeta_cases <- data.frame(p = c(0.025, 0.975, 0.05, 0.95, 0.005, 0.995, 0.025, 0.975, 0.1),
                          a = c(3.2, 10.5, 150.3, 2000.5, 0.7, 45, 1, 12.3, 400),
                          b = c(40.1, 200.2, 900.7, 8000.1, 30, 3, 250, 1, 1600))
qbeta_cases$q <- qbeta(qbeta_cases$p, qbeta_cases$a, qbeta_cases$b)

d <- read_fixture_csv(file.path(dir, "data", "synth_strat.csv"))
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
d2 <- transform(d, y_youth = literate * (grp == "youth"), youth = as.numeric(grp == "youth"),
                y_elderly = literate * (grp == "elderly"), elderly = as.numeric(grp == "elderly"),
                y_female = literate * (sex == "female"), female = as.numeric(sex == "female"))
des2 <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d2)
pair <- function(a, b) {
  r <- svyratio(as.formula(paste0("~y_", a, "+y_", b)), as.formula(paste0("~", a, "+", b)), des2, covmat = TRUE)
  # ratios in order (y_a/a, y_b/a, y_a/b, y_b/b): the two domain proportions are the 1st and the 4th.
  ctr <- svycontrast(r, c(1, 0, 0, -1))
  list(first = a, second = b, difference = as.vector(coef(ctr)), se = as.vector(SE(ctr)), df = degf(des),
       ci = as.vector(confint(ctr, df = degf(des))))
}
domains <- list(pair("youth", "elderly"), pair("female", "youth"))

# Against a target: the logit interval of the overall proportion, minus T.
p <- svyciprop(~literate, des, method = "logit")
target <- list(target = 0.15, estimate = as.vector(p), ci = as.vector(attr(p, "ci")) - 0.15)

write_json_fixture(list(generated_by = "scripts/r/core/quantiles-compare.R", qt = qt_cases, qbeta = qbeta_cases,
                        domains = domains, target = target), file.path(dir, "quantiles-compare.json"))
cat("written\n")
