// reglab playground: settings, the URL, the WebSocket session, and what each message changes.
"use strict";

const $ = (id) => document.getElementById(id);
const SHARED = ["dataset", "noise", "n_samples", "seed", "hidden", "activation", "initializer",
  "optimizer", "batch_size", "patience", "jitter", "epochs"];
const URL_KEYS = { dataset: "data", n_samples: "n", activation: "act", initializer: "init",
  optimizer: "opt", batch_size: "batch" };
const PRESETS = [
  { regularization: "none", lam: 0, keep: 1 },
  { regularization: "L2", lam: 1, keep: 1 },
  { regularization: "none", lam: 0, keep: 0.8 },
  { regularization: "L1", lam: 0.3, keep: 1 },
];

// Everything the page knows; tests and the benchmark read it as window.playground.
const playground = {
  ws: null, limits: null, defaults: null, settings: null, data: null, labels: [],
  models: [], curves: [], status: "connecting", epoch: 0, pending: null, lastRequest: null, run: 0,
  stats: { frames: 0, latencies: [], frameTimes: [], drawMs: [] },
};
window.playground = playground;

// -- the URL ---------------------------------------------------------------------------------
function urlKey(name) { return URL_KEYS[name] || name; }

function settingsToHash(s) {
  const p = new URLSearchParams();
  for (const name of SHARED) {
    const v = s[name];
    p.set(urlKey(name), Array.isArray(v) ? v.join(",") : String(v));
  }
  p.set("speed", String(s.speed));
  s.models.forEach((m, k) => {
    p.set(`reg${k + 1}`, m.regularization);
    p.set(`lam${k + 1}`, String(m.lam));
    p.set(`kp${k + 1}`, m.keep_prob.join(","));
    p.set(`lr${k + 1}`, String(m.learning_rate));
    p.set(`es${k + 1}`, m.early_stopping ? "1" : "0");
  });
  return "#" + p.toString();
}

function numberList(text) {
  return text.trim() === "" ? [] : text.split(",").map((x) => Number(x.trim()));
}

function parseValue(name, text, defaults) {
  const d = defaults[name];
  if (Array.isArray(d)) return numberList(text);
  if (typeof d === "number") return text.trim() === "" ? NaN : Number(text);
  return text;
}

function hashToSettings(hash, defaults) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const s = JSON.parse(JSON.stringify(defaults));
  for (const name of [...SHARED, "speed"]) {
    if (p.has(urlKey(name))) s[name] = parseValue(name, p.get(urlKey(name)), defaults);
  }
  const models = [];
  for (let k = 1; p.has(`reg${k}`); k++) {
    models.push({
      regularization: p.get(`reg${k}`),
      lam: Number(p.get(`lam${k}`) ?? 0),
      keep_prob: numberList(p.get(`kp${k}`) ?? ""),
      learning_rate: Number(p.get(`lr${k}`) ?? 0.01),
      early_stopping: p.get(`es${k}`) === "1",
    });
  }
  if (models.length) s.models = models;
  for (const m of s.models) {
    if (!p.has("hidden") && m.keep_prob.length !== s.hidden.length) m.keep_prob = s.hidden.map(() => 1);
  }
  return s;
}

// -- the controls ------------------------------------------------------------------------------
function showSettings(s) {
  for (const name of SHARED) {
    const v = s[name];
    $(name).value = Array.isArray(v) ? v.join(", ") : String(v);
  }
  $("speed").value = String(s.speed);
  $("compare").value = String(s.models.length);
  buildCards(s);
}

function readShared() {
  const s = JSON.parse(JSON.stringify(playground.settings || playground.defaults));
  for (const name of SHARED) s[name] = parseValue(name, $(name).value, playground.defaults);
  s.speed = Number($("speed").value);
  return s;
}

function fitModels(s, count) {
  while (s.models.length < count) {
    const preset = PRESETS[s.models.length % PRESETS.length];
    s.models.push({
      regularization: preset.regularization, lam: preset.lam,
      keep_prob: s.hidden.map(() => preset.keep), learning_rate: s.models[0].learning_rate,
      early_stopping: false,
    });
  }
  s.models.length = count;
  for (const m of s.models) {
    const kp = m.keep_prob.slice(0, s.hidden.length);
    while (kp.length < s.hidden.length) kp.push(kp.length ? kp[kp.length - 1] : 1);
    m.keep_prob = kp;
  }
  return s;
}

function buildCards(s) {
  const box = $("models");
  const template = $("model-template");
  while (box.children.length > s.models.length) box.lastChild.remove();
  while (box.children.length < s.models.length) box.appendChild(template.content.firstElementChild.cloneNode(true));
  s.models.forEach((m, k) => {
    const card = box.children[k];
    card.dataset.model = String(k);
    card.querySelector(".index").textContent = `setting ${k + 1}:`;
    card.querySelector(".label").textContent = playground.labels[k] || "";
    card.querySelector(".regularization").value = m.regularization;
    card.querySelector(".lam").value = String(m.lam);
    card.querySelector(".learning_rate").value = String(m.learning_rate);
    card.querySelector(".early_stopping").checked = m.early_stopping;
    const kp = card.querySelector(".keep-probs");
    kp.textContent = m.keep_prob.length ? "keep_prob " : "";
    m.keep_prob.forEach((p, i) => {
      const input = document.createElement("input");
      Object.assign(input, { type: "number", min: "0.05", max: "1", step: "0.05", value: String(p) });
      input.className = "keep_prob";
      input.title = `hidden layer ${i + 1}`;
      kp.appendChild(input);
    });
  });
}

function onCardChange(event) {
  const card = event.target.closest(".model-card");
  if (!card || !playground.settings) return;
  const k = Number(card.dataset.model);
  const model = playground.settings.models[k];
  const cls = event.target.className;
  if (cls === "early_stopping") {  // fixed when training starts: a new run
    model.early_stopping = event.target.checked;
    configure(playground.settings);
    return;
  }
  const change = { type: "set", model: k };
  if (cls === "regularization") change.regularization = event.target.value;
  if (cls === "lam") change.lam = Number(event.target.value);
  if (cls === "learning_rate") change.learning_rate = Number(event.target.value);
  if (cls === "keep_prob") change.keep_prob = [...card.querySelectorAll("input.keep_prob")].map((x) => Number(x.value));
  Object.assign(model, change);
  delete model.type; delete model.model;
  writeUrl(playground.settings);
  send(change);
}

function writeUrl(s) {
  const hash = settingsToHash(s);
  history.replaceState(null, "", hash);
  $("share").href = hash;
}

function message(text) { $("message").textContent = text || ""; }

// -- the session -------------------------------------------------------------------------------
function send(msg) {
  if (msg.type !== "drawn") playground.lastRequest = msg.type;
  if (playground.ws && playground.ws.readyState === WebSocket.OPEN) playground.ws.send(JSON.stringify(msg));
}

function configure(s) {
  message("");
  // the same settings again (a control's change event repeated) would only restart training
  if (playground.settings && JSON.stringify(s) === JSON.stringify(playground.settings)) return;
  send({ type: "configure", settings: s });
}

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  playground.ws = ws;
  ws.onmessage = (event) => receive(JSON.parse(event.data));
  ws.onclose = (event) => {
    setStatus("disconnected");
    if (event.code === 4000) message("The session was closed after being idle: reload the page.");
  };
}

const handlers = {
  hello(msg) {
    playground.limits = msg.limits;
    playground.defaults = msg.defaults;
    const L = msg.limits;
    $("upload-rules").textContent = `A CSV with a header row: two numeric feature columns and a label ` +
      `(the column named label, y, class or target, first in that order, else the last) with two classes; ` +
      `at most ${L.max_upload_rows} rows and ${Math.round(L.max_upload_bytes / 1024)} KiB.`;
    const s = hashToSettings(location.hash, msg.defaults);
    showSettings(s);
    configure(s);
  },
  configured(msg) {
    playground.settings = msg.settings;
    playground.run = msg.run;
    playground.data = msg.data;
    playground.labels = msg.labels;
    playground.curves = msg.settings.models.map(() => ({ epochs: [], train: [], dev: [] }));
    playground.models = [];
    showSettings(msg.settings);
    writeUrl(msg.settings);
    const d = msg.data;
    $("split").textContent = `${d.name}: the tutorial's rule, ${d.rule} Used: ${d.split.train} train, ` +
      `${d.split.dev} dev, ${d.split.test} test (held out).` + (d.note ? ` ${d.note}.` : "") +
      (d.base_error ? ` Bayes error ${(100 * d.base_error).toFixed(1)}%.` : "");
  },
  reset(msg) {
    playground.run = msg.run;
    playground.curves = playground.settings.models.map(() => ({ epochs: [], train: [], dev: [] }));
    playground.models = [];
  },
  updated(msg) {
    playground.labels[msg.model] = msg.label;
    const card = $("models").children[msg.model];
    if (card) card.querySelector(".label").textContent = msg.label;
  },
  state(msg) {
    if (msg.run !== playground.run) {  // a state of an earlier configuration: acknowledge only
      send({ type: "drawn", seq: msg.seq });
      return;
    }
    const c = msg.curves;
    c.epochs.forEach((epoch, i) => {
      playground.curves.forEach((curve, k) => {
        curve.epochs.push(epoch); curve.train.push(c.train_loss[i][k]); curve.dev.push(c.dev_loss[i][k]);
      });
    });
    const first = playground.pending === null;
    playground.pending = msg;
    if (first) requestAnimationFrame(draw);
  },
  error(msg) {
    message(msg.message);
    if (playground.lastRequest === "configure" && !playground.settings && playground.defaults) {
      const s = JSON.parse(JSON.stringify(playground.defaults));
      showSettings(s);
      send({ type: "configure", settings: s });
    } else if (playground.lastRequest === "configure" && playground.settings) {
      showSettings(playground.settings);
    }
  },
  file(msg) {
    const blob = new Blob([Draw.bytes(msg.data)], { type: msg.mime });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = msg.name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  },
};

function receive(msg) {
  const handler = handlers[msg.type];
  if (handler) handler(msg);
}

function setStatus(status) {
  playground.status = status;
  $("status").textContent = status;
  $("play").textContent = status === "running" ? "❚❚ pause" : "▶ play";
}

const fmt = (x, digits = 3) => (x == null ? "–" : Number(x).toFixed(digits));

function draw() {
  const msg = playground.pending;
  playground.pending = null;
  if (!msg) return;
  const started = performance.now();
  const s = playground.settings;
  const dims = [2, ...s.hidden, 1];
  playground.models = msg.models;
  playground.epoch = msg.epoch;
  $("epoch").textContent = String(msg.epoch);
  setStatus(msg.status);
  msg.models.forEach((m, k) => {
    const card = $("models").children[k];
    if (!card) return;
    Draw.surface(card.querySelector(".surface"), m.surface, playground.data);
    Draw.curves(card.querySelector(".curves"), playground.curves[k], { best: m.best_epoch, stopped: m.stopped_epoch });
    Draw.network(card.querySelector(".network"), dims, m.weights);
    card.querySelector(".train-loss").textContent = fmt(m.train_loss);
    card.querySelector(".dev-loss").textContent = fmt(m.dev_loss);
    card.querySelector(".train-accuracy").textContent = fmt(m.train_accuracy);
    card.querySelector(".dev-accuracy").textContent = fmt(m.dev_accuracy);
    card.querySelector(".norm").textContent = fmt(m.norm);
    card.querySelector(".zeros").textContent = `${(100 * m.zeros).toFixed(1)}%`;
    const kind = card.querySelector(".kind");
    kind.textContent = msg.epoch > 0 ? `verdict: ${m.verdict.kind}` : "";
    kind.className = `kind ${m.verdict.kind === "good" ? "good" : "bad"}`;
    const remedies = card.querySelector(".remedies");
    remedies.replaceChildren(...(msg.epoch > 0 ? m.verdict.remedies : []).map((r) => {
      const li = document.createElement("li"); li.textContent = r; return li;
    }));
    card.querySelector(".explanation").textContent = msg.epoch > 0 ? m.verdict.explanation : "";
    let early = "";
    if (m.best_epoch != null) early = `early stopping: best dev loss at epoch ${m.best_epoch}`;
    if (m.stopped_epoch != null) early += `, stopped at epoch ${m.stopped_epoch}`;
    if (m.stop_reason && m.stop_reason.startsWith("diverged")) early = m.stop_reason;
    card.querySelector(".early").textContent = early;
  });
  const now = performance.timeOrigin + performance.now();
  const latency = Math.max(0, now - msg.t_server);
  const st = playground.stats;
  st.frames += 1; st.latencies.push(latency); st.frameTimes.push(now);
  st.drawMs.push(performance.now() - started);
  if (st.latencies.length > 5000) {
    for (const list of [st.latencies, st.frameTimes, st.drawMs]) list.splice(0, 1000);
  }
  send({ type: "drawn", seq: msg.seq });
  if (playground.pending) requestAnimationFrame(draw);
}

// -- wiring --------------------------------------------------------------------------------------
function wire() {
  $("play").onclick = () => send({ type: playground.status === "running" ? "pause" : "play" });
  $("step").onclick = () => send({ type: "step" });
  $("reset").onclick = () => send({ type: "reset" });
  $("speed").onchange = () => {
    if (playground.settings) playground.settings.speed = Number($("speed").value);
    send({ type: "speed", speed: Number($("speed").value) });
    if (playground.settings) writeUrl(playground.settings);
  };
  for (const name of SHARED) {
    $(name).onchange = () => configure(fitModels(readShared(), playground.settings.models.length));
  }
  $("compare").onchange = () => configure(fitModels(readShared(), Number($("compare").value)));
  $("models").addEventListener("change", onCardChange);
  $("upload").onchange = () => {
    const file = $("upload").files[0];
    if (!file) return;
    const limit = playground.limits.max_upload_bytes;
    if (file.size > limit) {
      message(`${file.name} must be at most ${limit} bytes, got ${file.size}`);
      return;
    }
    file.text().then((text) => {
      message("");
      send({ type: "upload", name: file.name, text });
      $("upload").value = "";
    });
  };
  $("download-model").onclick = () => send({ type: "download", what: "model" });
  $("download-history").onclick = () => send({ type: "download", what: "history" });
  $("share").onclick = (event) => {
    event.preventDefault();
    if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
  };
  window.addEventListener("hashchange", () => {
    if (playground.defaults && location.hash !== settingsToHash(playground.settings || playground.defaults)) {
      configure(hashToSettings(location.hash, playground.defaults));
    }
  });
}

wire();
connect();
