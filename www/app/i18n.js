// The interface strings of every page, citizen and staff, in Vietnamese and English (the labels,
// hints, options and messages of dossiers come from the core). A message about a problem says
// what to do; numbers in it come from the caller (the edition's, through edition.js).
import { el } from './el.js';

/** Every string as [Vietnamese, English]; a function takes the values it shows. The staff
 * section is added by i18n-staff.js (addSection). */
const STRINGS = {
  service: ['Dịch vụ hồ sơ đối ngoại', 'Foreign-affairs dossiers'],
  start: ['Bắt đầu', 'Start'],
  continue: ['Tiếp tục', 'Continue'],
  back: ['Quay lại', 'Back'],
  change: ['Thay đổi', 'Change'],
  add: ['Thêm', 'Add'],
  remove: ['Xóa', 'Remove'],
  errorPrefix: ['Lỗi: ', 'Error: '],
  summaryTitle: ['Có lỗi cần sửa', 'There is a problem'],
  warningsTitle: ['Lưu ý', 'Please note'],
  checkTitle: ['Kiểm tra lại thông tin trước khi nộp', 'Check your answers before submitting'],
  submit: ['Nộp hồ sơ', 'Submit the dossier'],
  submitting: ['Đang nộp…', 'Submitting…'],
  resumeTitle: ['Tiếp tục hồ sơ đang soạn', 'Continue your draft'],
  resume: ['Tiếp tục hồ sơ đang soạn', 'Continue your draft'],
  discard: ['Bắt đầu hồ sơ mới', 'Start a new dossier'],
  receiptTitle: ['Đã nộp hồ sơ', 'Dossier submitted'],
  receiptCode: ['Mã hồ sơ', 'Receipt code'],
  accessToken: ['Mã truy cập', 'Access token'],
  receiptHelp: ['Hãy lưu mã hồ sơ và mã truy cập để tra cứu tình trạng hồ sơ.', 'Keep the receipt code and the access token to follow your dossier.'],
  copy: ['Sao chép', 'Copy'],
  copied: ['Đã sao chép', 'Copied'],
  print: ['In biên nhận', 'Print the receipt'],
  statusTitle: ['Tra cứu hồ sơ', 'Follow a dossier'],
  statusCheck: ['Tra cứu', 'Look up'],
  statusNotFound: ['Không tìm thấy hồ sơ. Hãy kiểm tra mã hồ sơ và mã truy cập.', 'No dossier found. Check the receipt code and the access token.'],
  upload: ['Tải tệp lên', 'Upload'],
  uploading: ['Đang tải lên', 'Uploading'],
  uploaded: ['Đã tải lên', 'Uploaded'],
  fileType: [(types) => `Chỉ nhận tệp ${types}. Hãy chọn tệp khác.`, (types) => `Only ${types} files are accepted. Choose another file.`],
  fileSize: [(mib) => `Tệp lớn hơn ${mib} MiB. Hãy nén hoặc chia nhỏ tệp rồi chọn lại.`, (mib) => `The file is larger than ${mib} MiB. Compress or split it, then choose it again.`],
  refused: ['Máy chủ chưa nhận hồ sơ. Hãy sửa các lỗi sau:', 'The server has not accepted the dossier. Fix these problems:'],
  empty: ['Chưa điền', 'Not filled in'],
  yes: ['Có', 'Yes'],
  no: ['Không', 'No'],
  searchCommune: ['Tìm xã, phường (gõ không dấu cũng được)', 'Search a commune or ward (accents optional)'],
  chooseProvinceFirst: ['Hãy chọn tỉnh, thành phố trước.', 'Choose the province first.'],
  choose: ['Chọn…', 'Choose…'],
  procedures: ['Các thủ tục', 'Procedures'],
  needs: ['Tài liệu cần chuẩn bị', 'Documents to prepare'],
  trackLink: ['Tra cứu hồ sơ đã nộp', 'Follow a submitted dossier'],
  language: ['English', 'Tiếng Việt'],
  pageOf: [(i, n) => `Bước ${i} trên ${n}`, (i, n) => `Step ${i} of ${n}`],
  status: ['Tình trạng', 'Status'],
  history: ['Lịch sử', 'History'],
  queuedTitle: ['Đã lưu, sẽ tự gửi khi có mạng', 'Saved; it will be sent automatically when you are back online'],
  queuedHelp: ['Hồ sơ và các tệp được giữ trên thiết bị này. Khi có mạng, hồ sơ được gửi đúng một lần (không bị nộp trùng) và mã hồ sơ hiện ra tại đây. Có thể đóng trang: lần mở sau, hồ sơ sẽ được gửi tiếp.', 'The dossier and its files are kept on this device. When the network returns, the dossier is sent exactly once (it cannot be filed twice) and its receipt code appears here. You may close the page: it will be sent the next time you open it.'],
  offlineBanner: ['Đang không có mạng. Vẫn điền và kiểm tra được hồ sơ; khi nộp, hồ sơ được lưu lại và tự gửi khi có mạng.', 'You are offline. You can still fill in and check the dossier; when you submit, it is saved and sent automatically once you are back online.'],
  waiting: [(n) => `${n} hồ sơ đã lưu, sẽ tự gửi khi có mạng.`, (n) => `${n} saved dossier(s) will be sent automatically when you are back online.`],
  sentLater: ['Hồ sơ đã lưu trước đây đã được gửi', 'A dossier saved earlier has been sent'],
  refusedLater: ['Máy chủ chưa nhận một hồ sơ đã lưu. Hãy mở lại để sửa:', 'The server has not accepted a saved dossier. Open it again to fix it:'],
  reopen: ['Mở lại để sửa', 'Open it to fix it'],
  saveDraftFile: ['Lưu bản nháp ra tệp', 'Save the draft to a file'],
  openDraftFile: ['Mở bản nháp từ tệp', 'Open a draft from a file'],
  draftFileHelp: ['Bản nháp là tệp JSON theo định dạng hồ sơ: mở được trên thiết bị khác, hoặc từ tệp do hệ thống của tổ chức bạn tạo ra.', 'A draft is a JSON file in the dossier format: it opens on another device, or from a file your organisation’s own system produced.'],
  draftSaved: [(name) => `Đã lưu bản nháp vào tệp ${name}.`, (name) => `The draft was saved to ${name}.`],
  draftOpened: [(name) => `Đã mở bản nháp từ tệp ${name}. Hãy xem lại từng bước rồi bấm Tiếp tục.`, (name) => `The draft from ${name} is open. Review each step, then press Continue.`],
  draftNotJson: ['Tệp này không phải bản nháp hồ sơ (JSON). Hãy chọn tệp đã lưu bằng “Lưu bản nháp ra tệp”.', 'This file is not a dossier draft (JSON). Choose a file saved with “Save the draft to a file”.'],
  draftOtherKind: [(title) => `Tệp này là hồ sơ “${title}”. Đã lưu thành bản nháp của thủ tục đó; hãy mở biểu mẫu đó để tiếp tục.`, (title) => `This file is a “${title}” dossier. It was saved as that procedure’s draft; open its form to go on.`],
  draftOtherKindBusy: [(title) => `Tệp này là hồ sơ “${title}”, và thiết bị này đã có bản nháp của thủ tục đó (chưa thay). Hãy mở biểu mẫu đó và dùng “Mở bản nháp từ tệp” ở đó.`, (title) => `This file is a “${title}” dossier, and this device already has a draft of that procedure (left as it is). Open that form and use “Open a draft from a file” there.`],
  openOtherForm: ['Mở biểu mẫu đó', 'Open that form'],
  fileKept: ['Đã lưu tệp trên thiết bị này; tệp sẽ được tải lên khi có mạng.', 'The file is kept on this device; it will be uploaded when you are back online.'],
  fileMissing: ['Máy chủ và thiết bị này đều chưa có tệp này. Hãy chọn lại tệp.', 'Neither the server nor this device has this file. Choose the file again.'],
  uploadProgress: [(name) => `Tiến độ tải lên ${name}`, (name) => `Upload progress of ${name}`],
  keepOnDevice: ['Lưu trên thiết bị này', 'Keep on this device'],
  keepOnDeviceHint: ['Chỉ chọn trên thiết bị của riêng bạn: ai có mã truy cập đều xem được hồ sơ.', 'Tick only on your own device: anyone with the access token can see the dossier.'],
  keptReceipts: ['Biên nhận đã lưu trên thiết bị này', 'Receipts kept on this device'],
  onThisDevice: ['Dữ liệu trên thiết bị này', 'Data on this device'],
  onThisDeviceHelp: [(days) => `Bản nháp, tệp và hồ sơ chờ gửi được giữ trên thiết bị này tối đa ${days} ngày; biên nhận chỉ được giữ khi bạn chọn “Lưu trên thiết bị này”. Khi dùng máy chung, hãy xóa sau khi làm xong.`, (days) => `Drafts, files and dossiers waiting to be sent stay on this device for at most ${days} days; receipts only when you tick “Keep on this device”. On a shared computer, delete them when you are done.`],
  forget: ['Xóa dữ liệu trên thiết bị này', 'Delete the data on this device'],
  forgetConfirm: ['Xóa hết bản nháp, tệp, hồ sơ chờ gửi và biên nhận đã lưu trên thiết bị này? Hồ sơ chờ gửi sẽ không được gửi nữa.', 'Delete every draft, file, waiting dossier and kept receipt on this device? Waiting dossiers will not be sent.'],
  forgetYes: ['Xóa hết', 'Delete everything'],
  forgetNo: ['Giữ lại', 'Keep it'],
  forgotten: ['Đã xóa dữ liệu trên thiết bị này.', 'The data on this device has been deleted.'],
  statusOffline: ['Đang không có mạng. Hãy tra cứu lại khi có mạng.', 'You are offline. Look the dossier up again when you are back online.'],
  deskKind: ['Thủ tục', 'Procedure'],
  deskReceived: ['Ngày nhận', 'Received'],
  deskDue: ['Hạn trả kết quả', 'Result due'],
  deskNoDue: ['Chưa có thời hạn quy định', 'No deadline set'],
  deskWorkingDays: [(n) => `${n} ngày làm việc, không tính ngày nhận`, (n) => `${n} working days, not counting the day of receipt`],
  deskDecisionBy: ['Người quyết định', 'Decided by'],
  deskHandledBy: ['Cơ quan xử lý', 'Handled by'],
  deskResult: ['Kết quả', 'Result'],
  deskDownloadDecision: ['Tải văn bản quyết định', 'Download the decision'],
  deskSupplement: ['Sửa và nộp bổ sung hồ sơ', 'Correct and send the supplement'],
  deskWithdraw: ['Rút hồ sơ', 'Withdraw the dossier'],
  deskWithdrawConfirm: ['Rút hồ sơ này? Cơ quan sẽ dừng giải quyết; muốn làm lại, bạn phải nộp hồ sơ mới.', 'Withdraw this dossier? The office stops processing it; to start again you must file a new dossier.'],
  deskWithdrawYes: ['Rút hồ sơ', 'Withdraw'],
  supplementTitle: [(code) => `Bổ sung hồ sơ ${code}`, (code) => `Supplement to dossier ${code}`],
  supplementHelp: ['Sửa những nội dung cơ quan yêu cầu, rồi nộp lại. Hồ sơ giữ nguyên mã; bản trước vẫn được lưu.', 'Correct what the office asked for, then send it again. The dossier keeps its code; the earlier version is kept too.'],
  supplementDone: [(n) => `Đã nộp bổ sung (lần nộp ${n}). Cơ quan tiếp nhận lại hồ sơ và tính lại thời hạn.`, (n) => `Supplement sent (version ${n}). The office receives the dossier again and counts its deadline anew.`],
  supplementOffline: ['Không gửi được vì đang không có mạng. Hãy để trang này mở và bấm Nộp lại khi có mạng.', 'Not sent: you are offline. Keep this page open and press Submit again when you are back online.'],
  counterTitle: ['Nộp hồ sơ tại quầy', 'Filing at the counter'],
  counterHelp: ['Cán bộ nhập hồ sơ thay người nộp. Sau khi nộp, Giấy tiếp nhận (Mẫu 01) mở ra để in và giao cho người nộp cùng mã truy cập.', 'The officer enters the dossier for the applicant. After filing, the receipt (Form 01) opens to print and hand over with the access token.'],
  optional: ['không bắt buộc', 'optional'],
  or: ['hoặc', 'or'],
  // The names of a dossier's statuses (the server's codes).
  statuses: {
    received: ['Đã tiếp nhận', 'Received'],
    prechecked: ['Đã kiểm tra sơ bộ', 'Pre-checked'],
    forwarded: ['Đã chuyển lên tỉnh', 'Forwarded to the province'],
    returned: ['Trả lại để bổ sung', 'Returned for completion'],
    decision_pending: ['Chờ quyết định', 'Awaiting the decision'],
    decided: ['Đã có kết quả', 'Decided'],
    withdrawn: ['Đã rút hồ sơ', 'Withdrawn'],
  },

};


/** `2026-11-23T06:35:18+07:00` → `23/11/2026 06:35` (the server's times are in Asia/Ho_Chi_Minh). */
export function when(rfc3339) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339 ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : (rfc3339 ?? '');
}

/** `2026-12-24` → `24/12/2026`. */
export function day(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (date ?? '');
}

/** The name of a dossier status in the current language (the code when unknown). */
export function statusName(code) {
  return t(`statuses.${code}`) ?? code;
}

export function lang() {
  const l = localStorage.getItem('dossier.lang');
  return l === 'en' ? 'en' : 'vi';
}

export function setLang(l) {
  localStorage.setItem('dossier.lang', l);
}

/** Adds `section` to the table: the strings only an online-only page needs, kept out of the
 * citizen pages' download (the staff pages' strings, i18n-staff.js). */
export function addSection(section, pairs) {
  STRINGS[section] = pairs;
}

/** The page's language's entry of a [Vietnamese, English] pair. */
const pick = (pair) => (Array.isArray(pair) ? pair[lang() === 'en' ? 1 : 0] : undefined);

/** The string `key` in the page's language (`staff.login` is `login` of the staff section);
 * a function's result for `args`. */
export function t(key, ...args) {
  const s = pick(key.split('.').reduce((table, k) => table?.[k], STRINGS));
  return typeof s === 'function' ? s(...args) : s;
}

/** A list in words: `A, B hoặc C`, `A, B or C`. */
export const orList = (items) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} ${t('or')} ${items.at(-1)}` : items.join(''));

/** Adds the language switch to the header; switching re-renders through `onSwitch`. */
export function languageSwitch(onSwitch) {
  const other = lang() === 'vi' ? 'en' : 'vi';
  return el('button', { type: 'button', class: 'lang-switch', lang: other, onclick: () => {
    setLang(other);
    document.documentElement.lang = other;
    onSwitch();
  } }, t('language'));
}

/** Lower case without diacritics: "Hoàn Kiếm" → "hoan kiem". */
export function fold(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}
