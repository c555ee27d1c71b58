/* The arithmetic of Chapter 5's explorer, in the reader's browser (kzcourse.surveys_explorer.twin).
 * Mirrors kzcourse/surveys.py: normal (Wald), Wilson and Clopper-Pearson intervals of a share with a
 * design effect, Newcombe's interval of a difference, the granularity check, and the parsing of typed
 * entries with the same one-line messages. The tests run it under Node and compare with Python.
 * Exports window.kzSurveyMath in a page, module.exports under Node. */
(function (root) {
  "use strict";

  function SurveyError(message) { this.message = message; }

  /* Python's format(value, "g"): six significant digits, no trailing zeros. */
  function fmtG(value) {
    if (value === 0) { return "0"; }
    var text = Number(value.toPrecision(6));
    var exponent = Math.floor(Math.log10(Math.abs(text)));
    if (exponent < -4 || exponent >= 6) {
      var parts = text.toExponential(5).split("e");
      var mantissa = parts[0].replace(/\.?0+$/, "");
      var power = Number(parts[1]);
      return mantissa + "e" + (power < 0 ? "-" : "+") + (Math.abs(power) < 10 ? "0" : "") + Math.abs(power);
    }
    return String(text);
  }

  function thousands(value) { return Math.round(value).toLocaleString("en-US"); }

  function parseShare(text, name) {
    var raw = text === null || text === undefined ? "" : String(text);
    var cleaned = raw.trim().replace(/%+$/, "").trim();
    if (!cleaned) { throw new SurveyError(name + " is empty: type a percentage such as 29 or 39.9"); }
    if (!/^\d+(?:[.,]\d+)?$/.test(cleaned)) {
      throw new SurveyError(name + " '" + raw.trim() + "' is not a number: type a percentage such as 29 or 39.9");
    }
    var printed = cleaned.replace(",", ".");
    var value = Number(printed);
    if (value > 100) { throw new SurveyError(name + " must be a percentage between 0 and 100; got " + fmtG(value)); }
    return { value: value, printed: printed };
  }

  function parseN(text, name) {
    var raw = text === null || text === undefined ? "" : String(text);
    var cleaned = raw.trim().replace(/[ \u00a0\u202f]/g, "");
    if (!cleaned) { throw new SurveyError(name + " is empty: type the number of respondents, such as 1505"); }
    if (!/^(?:\d+|\d{1,3}(?:,\d{3})+)$/.test(cleaned)) {
      throw new SurveyError(name + " '" + raw.trim() + "' is not a whole number of respondents: type one such as 1505");
    }
    var value = Number(cleaned.replace(/,/g, ""));
    if (value < 1) { throw new SurveyError(name + " must be at least 1 respondent; got " + value); }
    return value;
  }

  /* log Gamma by Lanczos' approximation (g = 7, nine coefficients): about 15 correct digits. */
  var LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  function logGamma(x) {
    if (x < 0.5) { return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); }
    x -= 1;
    var a = LANCZOS[0], t = x + 7.5;
    for (var i = 1; i < 9; i++) { a += LANCZOS[i] / (x + i); }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /* Continued fraction of the incomplete beta function (modified Lentz), as in Numerical Recipes. */
  function betacf(a, b, x) {
    var tiny = 1e-300, qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
    if (Math.abs(d) < tiny) { d = tiny; }
    d = 1 / d;
    var h = d;
    for (var m = 1; m <= 100000; m++) {
      var m2 = 2 * m, aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d; if (Math.abs(d) < tiny) { d = tiny; }
      c = 1 + aa / c; if (Math.abs(c) < tiny) { c = tiny; }
      d = 1 / d; h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d; if (Math.abs(d) < tiny) { d = tiny; }
      c = 1 + aa / c; if (Math.abs(c) < tiny) { c = tiny; }
      d = 1 / d;
      var del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-16) { break; }
    }
    return h;
  }

  /* Regularized incomplete beta I_x(a, b). */
  function ibeta(x, a, b) {
    if (x <= 0) { return 0; }
    if (x >= 1) { return 1; }
    var front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    if (x < (a + 1) / (a + b + 2)) { return front * betacf(a, b, x) / a; }
    return 1 - front * betacf(b, a, 1 - x) / b;
  }

  /* Quantile of the beta distribution by bisection (I_x is increasing in x). */
  function betaQuantile(p, a, b) {
    var lo = 0, hi = 1;
    for (var i = 0; i < 200 && hi - lo > 1e-17; i++) {
      var mid = (lo + hi) / 2;
      if (ibeta(mid, a, b) < p) { lo = mid; } else { hi = mid; }
    }
    return (lo + hi) / 2;
  }

  function check(share, n, deff) {
    if (!(share >= 0 && share <= 100)) { throw new SurveyError("share must be a percentage between 0 and 100; got " + fmtG(share)); }
    if (Math.floor(n) !== n) { throw new SurveyError("n must be a whole number of respondents; got " + fmtG(n)); }
    if (!(n >= 1)) { throw new SurveyError("n must be at least 1 respondent; got " + fmtG(n)); }
    if (!(deff >= 1)) { throw new SurveyError("design effect must be at least 1 (1 = simple random sample); got " + fmtG(deff)); }
  }

  /* Each returns [lower, upper] in percent, like the Python functions of the same names. */
  function normalInterval(share, n, deff, z) {
    check(share, n, deff);
    var p = share / 100, margin = 100 * z * Math.sqrt(p * (1 - p) / (n / deff));
    return [share - margin, share + margin];
  }

  function wilsonInterval(share, n, deff, z) {
    check(share, n, deff);
    var p = share / 100, m = n / deff, denom = 1 + z * z / m;
    var centre = (p + z * z / (2 * m)) / denom;
    var half = z * Math.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / denom;
    return [100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)];
  }

  function exactInterval(share, n, deff, confidence) {
    check(share, n, deff);
    var p = share / 100, m = n / deff, x = p * m, alpha = 1 - confidence;
    var lower = x <= 0 ? 0 : betaQuantile(alpha / 2, x, m - x + 1);
    var upper = x >= m ? 1 : betaQuantile(1 - alpha / 2, x + 1, m - x);
    return [100 * lower, 100 * upper];
  }

  /* Newcombe's hybrid score interval of after - before, in points, with one design effect for both. */
  function newcombe(before, nBefore, after, nAfter, deff, z) {
    var w1 = wilsonInterval(before, nBefore, deff, z), w2 = wilsonInterval(after, nAfter, deff, z);
    var diff = after - before;
    var lower = diff - Math.sqrt(Math.pow(after - w2[0], 2) + Math.pow(w1[1] - before, 2));
    var upper = diff + Math.sqrt(Math.pow(w2[1] - after, 2) + Math.pow(before - w1[0], 2));
    return { estimate: diff, lower: lower, upper: upper, significant: lower > 0 || upper < 0 };
  }

  /* The granularity check of kzcourse.surveys.granularity, from the printed text of a share. */
  function granularity(printed, n) {
    var value = Number(printed);
    var decimals = printed.indexOf(".") >= 0 ? printed.split(".")[1].length : 0;
    var h = 0.5 * Math.pow(10, -decimals) + 1e-9;
    var lo = Math.max(0, Math.ceil((value - h) * n / 100 - 1e-9));
    var hi = Math.min(n, Math.floor((value + h) * n / 100 + 1e-9));
    var counts = [];
    for (var k = lo; k <= hi; k++) { if (Math.abs(100 * k / n - value) <= h) { counts.push(k); } }
    var below = Math.floor(value * n / 100);
    var near = [Math.max(0, below), Math.min(n, below + 1)].filter(function (v, i, all) { return all.indexOf(v) === i; });
    near.sort(function (a, b) { return a - b; });
    var nearest = near.map(function (kk) { return [kk, 100 * kk / n]; });
    var shown = value.toFixed(decimals) + "% of " + n;
    var message;
    if (counts.length) {
      message = shown + " is possible: " + counts.slice(0, 5).map(function (kk) { return kk + "/" + n; }).join(", ") + ".";
    } else {
      message = shown + " is impossible: nearest " + nearest.map(function (pair) {
        return pair[0] + "/" + n + " = " + pair[1].toFixed(decimals + 1) + "%";
      }).join("; ") + ".";
    }
    return { share: value, n: n, decimals: decimals, counts: counts, nearest: nearest, possible: counts.length > 0, message: message };
  }

  function fmtN(value) {
    if (Math.abs(value - Math.round(value)) < 1e-9) { return thousands(value); }
    return value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  function signed(value) { return (value >= 0 ? "+" : "") + value.toFixed(2); }

  /* The whole interval view of kzcourse.surveys_explorer.interval_view: waves, change and message. */
  function intervalView(shareA, nA, shareB, nB, deff, confidence, z) {
    var view = { ok: false, deff: deff, confidence: confidence, waves: [], difference: null, message: "" };
    try {
      var p1 = parseShare(shareA, "share (wave 1)").value;
      var m1 = parseN(nA, "n (wave 1)");
      var second = [String(shareB || "").trim(), String(nB || "").trim()];
      if ((second[0] || second[1]) && !(second[0] && second[1])) {
        throw new SurveyError("wave 2 needs both a share and a sample size (or leave both empty)");
      }
      var waves = [wave("wave 1", p1, m1)];
      if (second[0] && second[1]) {
        var p2 = parseShare(shareB, "share (wave 2)").value;
        var m2 = parseN(nB, "n (wave 2)");
        waves.push(wave("wave 2", p2, m2));
        view.difference = newcombe(p1, m1, p2, m2, deff, z);
      }
      view.waves = waves;
      view.ok = true;
    } catch (err) {
      if (!(err instanceof SurveyError)) { throw err; }
      view.message = "No interval: " + err.message + ".";
      return view;
    }
    var level = Math.round(confidence * 100) + "%";
    var parts = view.waves.map(function (w) {
      var eff = deff !== 1 ? " (" + fmtN(w.n_effective) + " effective)" : "";
      return fmtG(w.share) + "% of " + thousands(w.n) + eff + ": Wilson " + level + " interval " +
        w.wilson[0].toFixed(1) + " to " + w.wilson[1].toFixed(1);
    });
    var text = parts.join("; ") + ".";
    var d = view.difference;
    if (d) {
      text += " Change " + signed(d.estimate) + " points, " + level + " interval " + signed(d.lower) + " to " +
        signed(d.upper) + ": " + (d.significant ? "larger than its uncertainty" : "within its uncertainty") + ".";
    }
    view.message = text;
    return view;

    function wave(label, share, n) {
      return {
        label: label, share: share, n: n, n_effective: n / deff,
        normal: normalInterval(share, n, deff, z), wilson: wilsonInterval(share, n, deff, z),
        exact: exactInterval(share, n, deff, confidence)
      };
    }
  }

  function grainView(shareText, nText) {
    try {
      var printed = parseShare(shareText, "share").printed;
      var n = parseN(nText, "n");
      var g = granularity(printed, n);
      g.ok = true;
      return g;
    } catch (err) {
      if (!(err instanceof SurveyError)) { throw err; }
      return { ok: false, possible: false, counts: [], nearest: [], message: "No check: " + err.message + "." };
    }
  }

  var api = {
    SurveyError: SurveyError, fmtG: fmtG, parseShare: parseShare, parseN: parseN, ibeta: ibeta,
    betaQuantile: betaQuantile, normalInterval: normalInterval, wilsonInterval: wilsonInterval,
    exactInterval: exactInterval, newcombe: newcombe, granularity: granularity, intervalView: intervalView,
    grainView: grainView
  };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; } else { root.kzSurveyMath = api; }
})(typeof window !== "undefined" ? window : this);
