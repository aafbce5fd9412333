// The on-site inspection page (现场记录暗访) on a phone, where a village may have no signal (ADR 0035):
// - a photo keeps the time it was taken (the file's time on the phone), sent beside it as photoAt{n};
// - every field typed is kept in localStorage as it is typed (keyed by account and page) and put back on a reload;
// - a record saved without signal (navigator.onLine false, or the post failing) is kept whole in IndexedDB, photos as
//   Blobs with their names and times, and sent when the signal returns (the online event, or the next time a page with
//   this script opens); sent, the copy is removed and the page says where the record is;
// - a record the server does not accept stays kept: the form is filled again with its values (and photos) and the
//   server's reasons are shown, so the inspector corrects and saves again. Nothing typed is thrown away.
// The script reads its texts and the account from its own tag's data attributes (the CSP allows no inline script).
(function () {
  'use strict';
  var script = document.currentScript;
  var data = script ? script.dataset : {};
  var user = data.zrUser || 'anonymous';
  var text = {
    queued: data.zrMsgQueued || '已保存在本机，有信号后自动发送',
    sending: data.zrMsgSending || '正在发送保存在本机的暗访记录……',
    sent: data.zrMsgSent || '保存在本机的暗访记录已发送：',
    open: data.zrMsgOpen || '查看暗访记录',
    refused: data.zrMsgRefused || '保存在本机的暗访记录未被接受，请修改后重新保存：',
    pending: data.zrMsgPending || '本机有尚未发送的暗访记录，有信号后自动发送。',
    elsewhere: data.zrMsgElsewhere || '打开该记录修改'
  };
  var DB = 'zeren-onsite';
  var STORE = 'outbox';
  var RECORD_PATH = /\/inspections\/[0-9a-fA-F-]{36}(\?|$)/;

  // ---- photos keep their capture time ----
  function capturedAt(file) {
    return file && file.lastModified ? new Date(file.lastModified).toISOString() : '';
  }
  document.querySelectorAll('input[type=file][data-zr-captured]').forEach(function (input) {
    input.addEventListener('change', function () {
      var target = document.getElementById(input.getAttribute('data-zr-captured'));
      if (target) {
        target.value = capturedAt(input.files && input.files[0]);
      }
    });
  });

  // ---- where messages go ----
  var form = document.querySelector('form[data-zr-offline]');
  var status = document.getElementById('zr-offline-status');
  if (!status) {
    status = document.createElement('div');
    status.id = 'zr-offline-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
  }
  // At the top of the page, where the inspector looks after saving.
  var main = document.querySelector('main') || document.body;
  main.insertBefore(status, main.firstChild);
  function say(kind, message, link, linkText, details) {
    status.className = 'alert alert-' + kind + ' zr-offline-' + kind;
    status.textContent = message;
    if (link) {
      var a = document.createElement('a');
      a.href = link;
      a.className = 'alert-link ms-1';
      a.id = 'zr-offline-link';
      a.textContent = linkText;
      status.appendChild(a);
    }
    if (details && details.length) {
      var ul = document.createElement('ul');
      ul.className = 'mb-0 mt-1 small';
      details.forEach(function (d) {
        var li = document.createElement('li');
        li.textContent = d;
        ul.appendChild(li);
      });
      status.appendChild(ul);
    }
  }

  // ---- the form's fields, as name/value pairs (files apart) ----
  function fieldsOf(f) {
    var out = [];
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.disabled || el.type === 'file' || el.type === 'submit' || el.type === 'button') {
        return;
      }
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) {
        return;
      }
      out.push([el.name, el.value]);
    });
    return out;
  }

  // Puts values back: text, numbers, dates, selects; radios and checkboxes by value. Hidden fields the server wrote (the
  // village, the plan, the form's token) are left as they are; a photo's time only goes back with its photo.
  function fill(f, fields, withHidden) {
    var byName = {};
    fields.forEach(function (p) {
      (byName[p[0]] = byName[p[0]] || []).push(p[1]);
    });
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.type === 'file' || el.type === 'submit' || el.type === 'button') {
        return;
      }
      if (el.type === 'hidden' && !withHidden) {
        return;
      }
      if (el.type === 'hidden' && (el.name === '__RequestVerificationToken' || el.name === '_handler')) {
        return;
      }
      var values = byName[el.name];
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (values || el.type === 'checkbox') {
          el.checked = !!values && values.indexOf(el.value) >= 0;
        }
      } else if (values) {
        el.value = values[0];
      }
    });
  }

  // ---- the draft, kept as typed ----
  var draftKey = form ? 'zr-onsite:' + user + ':' + form.getAttribute('data-zr-offline') : null;
  function saveDraft() {
    try {
      localStorage.setItem(draftKey, JSON.stringify({ at: new Date().toISOString(), fields: fieldsOf(form) }));
    } catch (e) {
      // Storage full or refused: the form itself still holds what was typed.
    }
  }
  function clearDraft() {
    try {
      localStorage.removeItem(draftKey);
    } catch (e) {
      // nothing kept
    }
  }
  if (form) {
    try {
      var kept = JSON.parse(localStorage.getItem(draftKey) || 'null');
      if (kept && kept.fields) {
        fill(form, kept.fields, false);
      }
    } catch (e) {
      // an unreadable draft is left alone
    }
    form.addEventListener('input', saveDraft);
    form.addEventListener('change', saveDraft);
  }

  // ---- the outbox in IndexedDB ----
  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) {
        reject(new Error('no IndexedDB'));
        return;
      }
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore(STORE, { keyPath: 'id' });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { db.close(); resolve(result && result.result !== undefined ? result.result : result); };
        t.onerror = function () { db.close(); reject(t.error); };
        t.onabort = function () { db.close(); reject(t.error); };
      });
    });
  }
  function allRecords() {
    return tx('readonly', function (s) { return s.getAll(); }).then(function (rows) {
      return (rows || []).filter(function (r) { return r.user === user; });
    });
  }
  function put(record) { return tx('readwrite', function (s) { s.put(record); }); }
  function remove(id) { return tx('readwrite', function (s) { s.delete(id); }); }

  // The whole form: fields, and each photo as a Blob with its name and the time it was taken.
  function recordOf(f) {
    var files = [];
    Array.prototype.forEach.call(f.querySelectorAll('input[type=file]'), function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) {
        files.push({ name: input.name, blob: file.slice(0, file.size, file.type), fileName: file.name, type: file.type,
          lastModified: file.lastModified, capturedAt: capturedAt(file) });
      });
    });
    return {
      id: Date.now().toString(36) + Math.random().toString(36).slice(2, 8),
      user: user,
      key: f.getAttribute('data-zr-offline'),
      action: f.action || location.href,
      page: location.pathname + location.search,
      savedAt: new Date().toISOString(),
      fields: fieldsOf(f),
      files: files,
      refused: null
    };
  }

  function formDataOf(record, token) {
    var fd = new FormData();
    record.fields.forEach(function (p) {
      fd.append(p[0], p[0] === '__RequestVerificationToken' && token ? token : p[1]);
    });
    record.files.forEach(function (f) {
      fd.append(f.name, new File([f.blob], f.fileName, { type: f.type, lastModified: f.lastModified }));
    });
    return fd;
  }

  // The server's reasons for a refusal: the form's alert on the page it answered with.
  function reasonsIn(html) {
    try {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var alert = doc.querySelector('form[data-zr-offline]') ? doc.querySelector('.alert-danger') : null;
      if (!alert) {
        return [];
      }
      var items = Array.prototype.map.call(alert.querySelectorAll('li'), function (li) { return li.textContent.trim(); });
      var first = alert.cloneNode(true);
      Array.prototype.forEach.call(first.querySelectorAll('ul'), function (ul) { ul.remove(); });
      return [first.textContent.trim()].concat(items).filter(function (t) { return t; });
    } catch (e) {
      return [];
    }
  }

  // Posts a record as the form would; resolves to {sent: url} or {refused: reasons}; rejects when there is no signal.
  function post(action, body) {
    return fetch(action, { method: 'POST', body: body, credentials: 'same-origin', redirect: 'follow' }).then(function (response) {
      if (response.ok && response.redirected && RECORD_PATH.test(response.url)) {
        return { sent: response.url.replace(/[?&]ok=1/, '') };
      }
      return response.text().then(function (html) {
        var reasons = reasonsIn(html);
        if (!reasons.length) {
          reasons = ['HTTP ' + response.status];
        }
        return { refused: reasons };
      });
    });
  }

  // Files back into the form's file inputs (a DataTransfer gives an input files of our choosing).
  function putFiles(f, record) {
    if (typeof DataTransfer === 'undefined') {
      return;
    }
    var byName = {};
    record.files.forEach(function (r) {
      (byName[r.name] = byName[r.name] || []).push(new File([r.blob], r.fileName, { type: r.type, lastModified: r.lastModified }));
    });
    Array.prototype.forEach.call(f.querySelectorAll('input[type=file]'), function (input) {
      var files = byName[input.name];
      if (!files) {
        return;
      }
      var dt = new DataTransfer();
      files.forEach(function (file) { dt.items.add(file); });
      input.files = dt.files;
    });
  }

  var sending = false;
  // Sends what is kept, oldest first; a refused record waits for the inspector to correct it on its page.
  function sendKept() {
    if (sending || navigator.onLine === false) {
      return Promise.resolve();
    }
    sending = true;
    return allRecords().then(function (records) {
      records.sort(function (a, b) { return a.savedAt < b.savedAt ? -1 : 1; });
      var waiting = records.filter(function (r) { return !r.refused; });
      var refused = records.filter(function (r) { return r.refused; });
      showRefused(refused);
      if (!waiting.length) {
        return null;
      }
      say('info', text.sending);
      var token = form ? (form.querySelector('input[name=__RequestVerificationToken]') || {}).value : null;
      return waiting.reduce(function (chain, record) {
        return chain.then(function () {
          return post(record.action, formDataOf(record, token)).then(function (answer) {
            if (answer.sent) {
              return remove(record.id).then(function () {
                say('success', text.sent, answer.sent, text.open);
              });
            }
            record.refused = answer.refused;
            return put(record).then(function () { showRefused([record]); });
          });
        });
      }, Promise.resolve());
    }).catch(function () {
      // Still no signal (or no IndexedDB): kept for the next try.
      return allRecords().then(function (left) {
        if (left.some(function (r) { return !r.refused; })) {
          say('warning', text.pending);
        }
      }, function () {});
    }).then(function () {
      sending = false;
    });
  }

  // A refused record of this page is put back in the form, photos too; one of another page is pointed to.
  function showRefused(records) {
    records.forEach(function (record) {
      if (form && record.key === form.getAttribute('data-zr-offline')) {
        fill(form, record.fields, true);
        putFiles(form, record);
        form.setAttribute('data-zr-restored', record.id);
        say('danger', text.refused, null, null, record.refused);
      } else {
        say('danger', text.refused, record.page, text.elsewhere, record.refused);
      }
    });
  }

  function queue(f) {
    var record = recordOf(f);
    var restored = f.getAttribute('data-zr-restored');
    return put(record).then(function () {
      return restored ? remove(restored) : null;
    }).then(function () {
      f.removeAttribute('data-zr-restored');
      // The outbox holds it now: the form is emptied so that it is not saved twice.
      f.reset();
      clearDraft();
      say('warning', text.queued);
      window.scrollTo(0, 0);
    });
  }

  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var button = form.querySelector('[type=submit]');
      if (button) {
        button.disabled = true;
      }
      var done = function () {
        if (button) {
          button.disabled = false;
        }
      };
      if (navigator.onLine === false) {
        queue(form).then(done, done);
        return;
      }
      post(form.action || location.href, new FormData(form)).then(function (answer) {
        if (answer.sent) {
          clearDraft();
          var restored = form.getAttribute('data-zr-restored');
          return (restored ? remove(restored) : Promise.resolve()).then(function () {
            location.assign(answer.sent + (answer.sent.indexOf('?') < 0 ? '?ok=1' : '&ok=1'));
          });
        }
        // Refused: the form keeps everything as typed; the reasons are shown above it.
        say('danger', answer.refused[0], null, null, answer.refused.slice(1));
        window.scrollTo(0, 0);
        done();
        return null;
      }, function () {
        // The post failed on the way (no signal): kept in the browser.
        return queue(form).then(done, done);
      });
    });
  }

  window.addEventListener('online', sendKept);
  sendKept();
})();
