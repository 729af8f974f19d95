// Plein's progressive enhancements. Every page works without this file; with it, the unread
// count and a "new posts" notice update live (server-sent events), typing @ in a post or
// comment suggests people who may read it, the composer shows one picture slot at a time,
// destructive actions ask in a dialog instead of on a page of their own, "more" menus close
// with Escape or a click elsewhere, and liking and commenting happen without a page reload.
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

  // --- Suggestions under a text field -------------------------------------------------------
  // A listbox of suggestions: the arrows move through it, `keys` (Enter, and Tab for mentions)
  // pick, Escape closes; `pick(li)` does what choosing means. Entries are written as text only.
  // With `noneFirst`, nothing is chosen until an arrow is pressed, so Enter still sends the form.
  var counter = 0;

  function suggestionList(field, label, keys, pick, noneFirst) {
    var list = document.createElement('ul');
    var id = 'suggesties-' + (++counter);
    var combobox = field.getAttribute('role') === 'combobox';
    list.id = id;
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', label || '');
    list.hidden = true;
    field.insertAdjacentElement('afterend', list);
    field.setAttribute('aria-autocomplete', 'list');
    field.setAttribute('aria-controls', id);
    if (combobox) field.setAttribute('aria-expanded', 'false');
    var items = [], active = -1, pending = null;

    function close() {
      list.hidden = true;
      list.innerHTML = '';
      items = [];
      active = -1;
      if (combobox) field.setAttribute('aria-expanded', 'false');
      field.removeAttribute('aria-activedescendant');
    }
    function mark(i) {
      active = i;
      items.forEach(function (li, j) { li.setAttribute('aria-selected', j === i ? 'true' : 'false'); });
      if (i >= 0) field.setAttribute('aria-activedescendant', items[i].id);
      else field.removeAttribute('aria-activedescendant');
    }
    function choose(i) {
      var li = items[i];
      if (!li) return;
      pick(li);
      close();
      field.focus();
    }
    function show(entries, render) {
      close();
      entries.forEach(function (entry, i) {
        var li = document.createElement('li');
        li.id = id + '-' + i;
        li.setAttribute('role', 'option');
        render(li, entry);
        li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
        items.push(li);
      });
      if (items.length) {
        list.hidden = false;
        if (combobox) field.setAttribute('aria-expanded', 'true');
        mark(noneFirst ? -1 : 0);
      }
    }
    field.addEventListener('keydown', function (e) {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); mark((active + 1) % items.length); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); mark((active - 1 + items.length) % items.length); }
      else if (keys.indexOf(e.key) >= 0) { if (active < 0) return; e.preventDefault(); choose(active); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
    });
    field.addEventListener('blur', function () { setTimeout(close, 150); });
    return {
      close: close,
      // Asks `url` (JSON) and shows what it answers; an older question still on its way is dropped.
      ask: function (url, render) {
        if (pending) pending.abort();
        pending = new AbortController();
        fetch(url, { signal: pending.signal, headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (entries) { show(entries, render); })
          .catch(function () {});
      },
    };
  }

  // --- Mention suggestions -----------------------------------------------------------------
  function mentionBox(field) {
    function word() {
      var before = field.value.slice(0, field.selectionStart);
      var m = /(^|[\s(])@([\w.\-]{1,64})$/u.exec(before);
      return m ? m[2] : null;
    }
    var box = suggestionList(field, field.getAttribute('data-mentions-label'), ['Enter', 'Tab'], function (li) {
      var start = field.selectionStart;
      var before = field.value.slice(0, start).replace(/@[\w.\-]{1,64}$/u, '@' + li.dataset.username + ' ');
      field.value = before + field.value.slice(start);
      field.selectionStart = field.selectionEnd = before.length;
    });
    field.addEventListener('input', function () {
      var q = word();
      if (!q) { box.close(); return; }
      // The place is read each time: the composer's place picker may have changed it.
      var place = field.getAttribute('data-mentions');
      box.ask('/berichten/vermelden?plaats=' + encodeURIComponent(place) + '&q=' + encodeURIComponent(q), function (li, p) {
        li.dataset.username = p.username;
        li.textContent = p.name + ' (@' + p.username + ')';
      });
    });
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

  // --- Saying what happened -----------------------------------------------------------------
  function announce(text) {
    var status = document.querySelector('[data-status]');
    if (!status || !text) return;
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // --- Confirmation dialog -------------------------------------------------------------------
  // A button with data-confirm asks in a modal dialog; "yes" sends its form with bevestigd=1,
  // which the server needs before it changes anything (without JavaScript it asks on a page).
  // Buttons repeated down a stream name the element holding the texts with data-confirm-from.
  function confirmFirst(e) {
    var button = e.target.closest && e.target.closest('button[data-confirm], button[data-confirm-from]');
    if (!button || !button.form || typeof HTMLDialogElement !== 'function') return;
    var from = button.getAttribute('data-confirm-from');
    var texts = from ? document.getElementById(from) : button;
    if (!texts) return;
    e.preventDefault();
    var dialog = document.createElement('dialog');
    dialog.className = 'confirm-dialog';
    var id = 'bevestigen-' + (++counter);
    dialog.setAttribute('aria-labelledby', id);
    dialog.setAttribute('aria-describedby', id + '-tekst');
    var title = document.createElement('h2');
    title.id = id;
    title.textContent = texts.getAttribute('data-confirm-title') || button.textContent.trim();
    var text = document.createElement('p');
    text.id = id + '-tekst';
    text.textContent = texts.getAttribute('data-confirm');
    var actions = document.createElement('div');
    actions.className = 'confirm__actions';
    var yes = document.createElement('button');
    yes.type = 'button';
    yes.className = 'utrecht-button utrecht-button--primary-action';
    yes.textContent = texts.getAttribute('data-confirm-yes') || button.textContent.trim();
    var no = document.createElement('button');
    no.type = 'button';
    no.className = 'utrecht-button utrecht-button--secondary-action';
    no.textContent = texts.getAttribute('data-confirm-no') || 'Annuleren';
    actions.appendChild(yes);
    actions.appendChild(no);
    dialog.appendChild(title);
    dialog.appendChild(text);
    dialog.appendChild(actions);
    document.body.appendChild(dialog);
    var confirmed = false;
    yes.addEventListener('click', function () {
      confirmed = true;
      var field = document.createElement('input');
      field.type = 'hidden';
      field.name = 'bevestigd';
      field.value = '1';
      button.form.appendChild(field);
      dialog.close();
      button.form.submit();
    });
    no.addEventListener('click', function () { dialog.close(); });
    dialog.addEventListener('close', function () {
      dialog.remove();
      if (!confirmed) button.focus();
    });
    dialog.showModal();
    no.focus();
  }

  // --- "More" menus ----------------------------------------------------------------------------
  // A <details> menu: one open at a time, closed by Escape (focus back on its button) or a click
  // elsewhere.
  function closeMenus(except) {
    document.querySelectorAll('details[data-more][open], details[data-menu][open]').forEach(function (d) {
      if (d !== except) d.open = false;
    });
  }

  function menus() {
    document.addEventListener('toggle', function (e) {
      if (e.target.matches && e.target.matches('details[data-more]') && e.target.open) closeMenus(e.target);
    }, true);
    document.addEventListener('click', function (e) {
      if (!e.target.closest('details[data-more], details[data-menu]')) closeMenus(null);
    });
    document.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape') return;
      var open = e.target.closest && e.target.closest('details[data-more][open], details[data-menu][open]');
      if (!open || document.querySelector('dialog[open]')) return;
      open.open = false;
      open.querySelector('summary').focus();
    });
  }

  // --- Without a page reload -------------------------------------------------------------------
  // A form with data-swap="ID" is sent in the background; the element with that id is replaced by
  // the one in the page the server answers with (the same page a browser without JavaScript would
  // see), the focus stays where it was, and the page's notice is said to screen readers. More ids
  // after the first ("reacties acties-bericht-7") are replaced too where both pages have them: the
  // counts beside a list that changed.
  function focusKey(el) {
    if (!el || el === document.body) return null;
    if (el.id) return '#' + CSS.escape(el.id);
    var form = el.form || (el.closest && el.closest('form'));
    if (form && form.id && el.tagName === 'BUTTON') return '#' + CSS.escape(form.id) + ' button[type=submit]';
    if (form && form.getAttribute('action') && el.tagName === 'BUTTON') {
      return 'form[action="' + form.getAttribute('action') + '"] button';
    }
    return null;
  }

  function swapInPlace(e) {
    var form = e.target;
    var regions = ((form.getAttribute && form.getAttribute('data-swap')) || '').split(/\s+/).filter(Boolean);
    var region = regions[0];
    if (!region || e.defaultPrevented || !window.fetch || !window.DOMParser) return;
    var current = document.getElementById(region);
    if (!current) return;
    e.preventDefault();
    var key = focusKey(document.activeElement);
    var body = new URLSearchParams(new FormData(form));
    form.setAttribute('aria-busy', 'true');
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById(region);
        if (!fresh) throw new Error('region');
        current.replaceWith(document.importNode(fresh, true));
        regions.slice(1).forEach(function (id) {
          var here = document.getElementById(id), there = doc.getElementById(id);
          if (here && there) here.replaceWith(document.importNode(there, true));
        });
        var replaced = document.getElementById(region);
        replaced.querySelectorAll('textarea[data-mentions]').forEach(mentionBox);
        var again = key && document.querySelector(key);
        if (again) again.focus();
        var notice = doc.querySelector('.notice-banner p');
        announce(notice ? notice.textContent : '');
      })
      .catch(function () {
        form.removeAttribute('data-swap');
        form.submit();
      });
  }

  // --- The composer: where to, formatting, preview ---------------------------------------------
  // The place picker tells the mention suggestions who may read the post; the toolbar (shown only
  // with this script) wraps the selection in the Markdown the server reads; the preview asks the
  // server how the text will look.
  function surround(field, before, after, fallback) {
    var start = field.selectionStart, end = field.selectionEnd;
    var chosen = field.value.slice(start, end) || fallback;
    field.setRangeText(before + chosen + after, start, end, 'end');
    field.selectionStart = start + before.length;
    field.selectionEnd = start + before.length + chosen.length;
    field.focus();
    field.dispatchEvent(new Event('input'));
  }

  function composer(toolbar) {
    var field = document.getElementById(toolbar.getAttribute('data-toolbar-for'));
    var preview = document.querySelector('[data-preview-of="' + field.id + '"]');
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll('button'));
    toolbar.hidden = false;
    var help = field.parentNode.querySelector('.composer__help');
    if (help) help.hidden = true;
    var place = document.querySelector('select[data-place-for="' + field.id + '"]');
    if (place) place.addEventListener('change', function () { field.setAttribute('data-mentions', place.value); });
    toolbar.addEventListener('keydown', function (e) {
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      var next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
      if (next === null) return;
      e.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons.forEach(function (b, j) { b.tabIndex = j === next ? 0 : -1; });
      buttons[next].focus();
    });
    toolbar.addEventListener('click', function (e) {
      var button = e.target.closest('button');
      if (!button) return;
      var format = button.getAttribute('data-format');
      if (format === 'bold') surround(field, '**', '**', '');
      else if (format === 'italic') surround(field, '_', '_', '');
      else if (format === 'list') {
        var start = field.value.lastIndexOf('\n', field.selectionStart - 1) + 1;
        field.setRangeText('- ', start, start, 'end');
        field.focus();
      } else if (format === 'link') {
        var url = window.prompt(button.getAttribute('data-prompt') || '', 'https://');
        if (url) surround(field, '[', '](' + url + ')', url);
      } else if (button.hasAttribute('data-preview') && preview) {
        var showing = button.getAttribute('aria-pressed') === 'true';
        var label = button.querySelector('span');
        if (showing) {
          preview.hidden = true;
          field.hidden = false;
          button.setAttribute('aria-pressed', 'false');
          label.textContent = button.getAttribute('data-label-preview');
          field.focus();
          return;
        }
        fetch('/berichten/voorbeeld', {
          method: 'POST', credentials: 'same-origin',
          body: new URLSearchParams({ body: field.value }),
        }).then(function (r) {
          return r.text().then(function (text) { return { ok: r.ok, text: text }; });
        }).then(function (answer) {
          // The server sanitized the HTML exactly as it does for a published post.
          if (answer.ok) preview.innerHTML = answer.text; else preview.textContent = answer.text;
          preview.hidden = false;
          field.hidden = true;
          button.setAttribute('aria-pressed', 'true');
          label.textContent = button.getAttribute('data-label-edit');
        }).catch(function () {});
      }
    });
  }

  // --- Adding a colleague by name ------------------------------------------------------------
  // A combobox: typing two letters suggests colleagues who may be added; choosing one (arrows and
  // Enter, or a click) fills the field and remembers the colleague's id, which the form sends.
  function memberSuggestions(field) {
    var chosen = document.createElement('input');
    chosen.type = 'hidden';
    chosen.name = 'id';
    chosen.disabled = true;
    field.form.appendChild(chosen);
    field.setAttribute('role', 'combobox');
    var box = suggestionList(field, field.getAttribute('data-suggest-label'), ['Enter'], function (li) {
      field.value = li.dataset.name;
      chosen.value = li.dataset.id;
      chosen.disabled = false;
    });
    var url = field.getAttribute('data-suggest-members');
    field.addEventListener('input', function () {
      chosen.disabled = true;
      var q = field.value.trim();
      if (q.length < 2) { box.close(); return; }
      box.ask(url + '?q=' + encodeURIComponent(q), function (li, p) {
        li.dataset.id = String(p.id);
        li.dataset.name = p.name;
        li.textContent = p.name;
        if (p.about) {
          var about = document.createElement('small');
          about.textContent = p.about;
          li.appendChild(about);
        }
      });
    });
  }

  // --- The search box in the header -------------------------------------------------------------
  // A combobox: from two letters it suggests people, teams, topics and posts the reader may see;
  // the arrows choose one and Enter goes there; Enter without choosing searches as the form does.
  function searchSuggestions(field) {
    field.setAttribute('role', 'combobox');
    var box = suggestionList(field, field.getAttribute('data-suggest-label'), ['Enter'], function (li) {
      window.location.href = li.dataset.href;
    }, true);
    var url = field.getAttribute('data-search-suggest');
    var timer = null;
    field.addEventListener('input', function () {
      clearTimeout(timer);
      var q = field.value.trim();
      if (q.length < 2) { box.close(); return; }
      timer = setTimeout(function () {
        box.ask(url + '?q=' + encodeURIComponent(field.value), function (li, s) {
          li.dataset.href = s.href;
          var label = document.createElement('span');
          label.className = 'suggestions__label';
          label.textContent = s.label;
          li.appendChild(label);
          if (s.detail) {
            var detail = document.createElement('small');
            detail.textContent = s.detail;
            li.appendChild(detail);
          }
        });
      }, 120);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    listen();
    document.querySelectorAll('input[data-search-suggest]').forEach(searchSuggestions);
    document.querySelectorAll('input[data-suggest-members]').forEach(memberSuggestions);
    document.querySelectorAll('[data-toolbar-for]').forEach(composer);
    menus();
    document.addEventListener('click', confirmFirst);
    document.addEventListener('submit', swapInPlace);
    document.querySelectorAll('textarea[data-mentions]').forEach(mentionBox);
    document.querySelectorAll('.composer__pictures').forEach(pictureSlots);
  });
})();
