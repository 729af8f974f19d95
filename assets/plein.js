// Plein's progressive enhancements. Every page works without this file; with it, the unread
// count and a "new posts" notice update live (server-sent events), typing @ in a post or
// comment suggests people who may read it, and the composer shows one picture slot at a time.
(function () {
  'use strict';

  // --- Live updates ------------------------------------------------------------------------
  function setUnread(n) {
    document.querySelectorAll('[data-unread]').forEach(function (badge) {
      var count = badge.querySelector('[data-unread-count]');
      if (count) count.textContent = String(n);
      badge.hidden = n <= 0;
    });
  }

  function listen() {
    if (!window.EventSource || !document.querySelector('[data-unread]')) return;
    var source = new EventSource('/meldingen/live');
    source.addEventListener('unread', function (e) {
      var n = parseInt(e.data, 10);
      if (!isNaN(n)) setUnread(n);
    });
    source.addEventListener('post', function () {
      var notice = document.querySelector('[data-new-posts]');
      if (notice) notice.hidden = false;
    });
  }

  // --- Mention suggestions -----------------------------------------------------------------
  var counter = 0;

  function mentionBox(field) {
    var place = field.getAttribute('data-mentions');
    var list = document.createElement('ul');
    var id = 'vermelden-' + (++counter);
    list.id = id;
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', field.getAttribute('data-mentions-label') || '');
    list.hidden = true;
    field.insertAdjacentElement('afterend', list);
    field.setAttribute('aria-autocomplete', 'list');
    field.setAttribute('aria-controls', id);
    var active = -1;
    var items = [];
    var pending = null;

    function word() {
      var before = field.value.slice(0, field.selectionStart);
      var m = /(^|[\s(])@([\w.\-]{1,64})$/u.exec(before);
      return m ? m[2] : null;
    }

    function close() {
      list.hidden = true;
      list.innerHTML = '';
      items = [];
      active = -1;
      field.removeAttribute('aria-activedescendant');
    }

    function mark(i) {
      active = i;
      items.forEach(function (li, j) { li.setAttribute('aria-selected', j === i ? 'true' : 'false'); });
      if (i >= 0) field.setAttribute('aria-activedescendant', items[i].id);
    }

    function choose(i) {
      var person = items[i];
      if (!person) return;
      var start = field.selectionStart;
      var before = field.value.slice(0, start).replace(/@[\w.\-]{1,64}$/u, '@' + person.dataset.username + ' ');
      field.value = before + field.value.slice(start);
      field.selectionStart = field.selectionEnd = before.length;
      close();
      field.focus();
    }

    function show(people) {
      close();
      people.forEach(function (p, i) {
        var li = document.createElement('li');
        li.id = id + '-' + i;
        li.setAttribute('role', 'option');
        li.dataset.username = p.username;
        li.textContent = p.name + ' (@' + p.username + ')';
        li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
        items.push(li);
      });
      if (items.length) {
        list.hidden = false;
        mark(0);
      }
    }

    field.addEventListener('input', function () {
      var q = word();
      if (!q) { close(); return; }
      if (pending) pending.abort();
      pending = new AbortController();
      fetch('/berichten/vermelden?plaats=' + encodeURIComponent(place) + '&q=' + encodeURIComponent(q),
        { signal: pending.signal, headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(show)
        .catch(function () {});
    });
    field.addEventListener('keydown', function (e) {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); mark((active + 1) % items.length); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); mark((active - 1 + items.length) % items.length); }
      else if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); choose(active); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
    });
    field.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  // --- Picture slots -----------------------------------------------------------------------
  // The composer has a slot per picture; show the first, and the next once a file is chosen.
  function filled(slot) {
    var file = slot.querySelector('input[type=file]');
    return !!(file && file.files && file.files.length > 0);
  }

  function pictureSlots(section) {
    var slots = Array.prototype.slice.call(section.querySelectorAll('[data-picture-slot]'));
    function update() {
      slots.forEach(function (slot, i) {
        slot.hidden = i > 0 && !filled(slot) && !filled(slots[i - 1]) && !slot.querySelector('[aria-invalid]');
      });
    }
    section.addEventListener('change', update);
    update();
  }

  document.addEventListener('DOMContentLoaded', function () {
    listen();
    document.querySelectorAll('textarea[data-mentions]').forEach(mentionBox);
    document.querySelectorAll('.composer__pictures').forEach(pictureSlots);
  });
})();
