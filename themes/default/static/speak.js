// 朗读 (read aloud) on story pages: the browser's own speech synthesis reads
// the title, the date line and the body (not code blocks). The control is in
// the page from the start but invisible (its space kept, so nothing moves);
// it is shown only once the browser has a voice for the page's language
// (zh-CN, or English on an English portal). Voices load asynchronously, so
// this listens to `voiceschanged`. No dependencies.
(function () {
  var box = document.querySelector('.speak');
  var synth = window.speechSynthesis;
  if (!box || !synth || typeof SpeechSynthesisUtterance !== 'function') return;
  var want = /^zh/i.test(box.dataset.lang || '') ? /^(zh|cmn)[-_](cn|hans)/i : /^en([-_]|$)/i;
  var play = box.querySelector('.speak-play');
  var pause = box.querySelector('.speak-pause');
  var stop = box.querySelector('.speak-stop');
  var voice = null;
  var state = 'idle'; // idle | speaking | paused
  var run = 0; // which reading the utterances belong to (a stop ends one)
  var zh = /^zh/i.test(box.dataset.lang);

  function findVoice() {
    if (voice) return;
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (want.test(voices[i].lang || '')) {
        voice = voices[i];
        box.classList.add('ready');
        return;
      }
    }
  }

  function set(next) {
    state = next;
    play.disabled = state === 'speaking';
    play.textContent = state === 'paused' ? box.dataset.resume : box.dataset.play;
    pause.disabled = state !== 'speaking';
    stop.disabled = state === 'idle';
  }

  // The text read: title, date line, then the body without code blocks.
  function text() {
    var parts = [];
    var head = document.querySelector('.story-head');
    var h1 = head && head.querySelector('h1');
    if (h1) parts.push(h1.textContent);
    var meta = head && head.querySelector('.meta');
    if (meta) {
      var bits = [];
      for (var c = meta.firstElementChild; c; c = c.nextElementSibling) bits.push(c.textContent.trim());
      parts.push(bits.join(zh ? '，' : ', '));
    }
    var prose = document.querySelector('.story .prose');
    if (prose) {
      var copy = prose.cloneNode(true);
      copy.querySelectorAll('pre, script, style, video, audio').forEach(function (el) { el.remove(); });
      // Block ends become pauses, so paragraphs are not run together.
      copy.querySelectorAll('p, li, h2, h3, h4, blockquote, figcaption, tr, dd').forEach(function (el) {
        el.append('\n');
      });
      parts.push(copy.textContent);
    }
    return parts.join('\n');
  }

  // Short utterances: some engines stop a long one part way through.
  function chunks(all) {
    var out = [];
    all.split(/(?<=[。！？!?；;\n])|(?<=\.\s)/).forEach(function (s) {
      s = s.replace(/\s+/g, ' ').trim();
      if (!s) return;
      var last = out[out.length - 1];
      if (last && last.length + s.length < 160) out[out.length - 1] = last + ' ' + s;
      else out.push(s);
    });
    return out;
  }

  play.addEventListener('click', function () {
    if (state === 'paused') {
      synth.resume();
      set('speaking');
      return;
    }
    synth.cancel();
    var mine = ++run;
    var list = chunks(text());
    list.forEach(function (s, i) {
      var u = new SpeechSynthesisUtterance(s);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      if (i === list.length - 1) u.onend = function () { if (mine === run) set('idle'); };
      synth.speak(u);
    });
    set('speaking');
  });
  pause.addEventListener('click', function () {
    synth.pause();
    set('paused');
    play.focus();
  });
  stop.addEventListener('click', function () {
    run++;
    synth.cancel();
    set('idle');
    play.focus();
  });
  window.addEventListener('pagehide', function () { synth.cancel(); });

  findVoice();
  if (!voice && synth.addEventListener) synth.addEventListener('voiceschanged', findVoice);
})();
