// Interface strings (the labels, hints, options and messages of dossiers come from the core).
const STRINGS = {
  vi: {
    service: 'Dịch vụ hồ sơ đối ngoại',
    start: 'Bắt đầu',
    continue: 'Tiếp tục',
    back: 'Quay lại',
    change: 'Thay đổi',
    add: 'Thêm',
    remove: 'Xóa',
    errorPrefix: 'Lỗi: ',
    summaryTitle: 'Có lỗi cần sửa',
    warningsTitle: 'Lưu ý',
    checkTitle: 'Kiểm tra lại thông tin trước khi nộp',
    submit: 'Nộp hồ sơ',
    submitting: 'Đang nộp…',
    resumeTitle: 'Tiếp tục hồ sơ đang soạn',
    resume: 'Tiếp tục hồ sơ đang soạn',
    discard: 'Bắt đầu hồ sơ mới',
    receiptTitle: 'Đã nộp hồ sơ',
    receiptCode: 'Mã hồ sơ',
    accessToken: 'Mã truy cập',
    receiptHelp: 'Hãy lưu mã hồ sơ và mã truy cập để tra cứu tình trạng hồ sơ.',
    copy: 'Sao chép',
    copied: 'Đã sao chép',
    print: 'In biên nhận',
    statusTitle: 'Tra cứu hồ sơ',
    statusCheck: 'Tra cứu',
    statusNotFound: 'Không tìm thấy hồ sơ. Hãy kiểm tra mã hồ sơ và mã truy cập.',
    upload: 'Tải tệp lên',
    uploading: 'Đang tải lên',
    uploaded: 'Đã tải lên',
    fileType: 'Chỉ nhận tệp PDF, JPEG hoặc PNG. Hãy chọn tệp khác.',
    fileSize: 'Tệp lớn hơn 10 MiB. Hãy nén hoặc chia nhỏ tệp.',
    refused: 'Máy chủ chưa nhận hồ sơ. Hãy sửa các lỗi sau:',
    empty: 'Chưa điền',
    yes: 'Có', no: 'Không',
    searchCommune: 'Tìm xã, phường (gõ không dấu cũng được)',
    chooseProvinceFirst: 'Hãy chọn tỉnh, thành phố trước.',
    choose: 'Chọn…',
    procedures: 'Các thủ tục',
    needs: 'Tài liệu cần chuẩn bị',
    trackLink: 'Tra cứu hồ sơ đã nộp',
    language: 'English',
    pageOf: (i, n) => `Bước ${i} trên ${n}`,
    status: 'Tình trạng',
    history: 'Lịch sử',
    queuedTitle: 'Đã lưu, sẽ tự gửi khi có mạng',
    queuedHelp: 'Hồ sơ và các tệp được giữ trên thiết bị này. Khi có mạng, hồ sơ được gửi đúng một lần (không bị nộp trùng) và mã hồ sơ hiện ra tại đây. Có thể đóng trang: lần mở sau, hồ sơ sẽ được gửi tiếp.',
    offlineBanner: 'Đang không có mạng. Vẫn điền và kiểm tra được hồ sơ; khi nộp, hồ sơ được lưu lại và tự gửi khi có mạng.',
    waiting: (n) => `${n} hồ sơ đã lưu, sẽ tự gửi khi có mạng.`,
    sentLater: 'Hồ sơ đã lưu trước đây đã được gửi',
    refusedLater: 'Máy chủ chưa nhận một hồ sơ đã lưu. Hãy mở lại để sửa:',
    reopen: 'Mở lại để sửa',
    saveDraftFile: 'Lưu bản nháp ra tệp',
    openDraftFile: 'Mở bản nháp từ tệp',
    draftFileHelp: 'Bản nháp là tệp JSON theo định dạng hồ sơ: mở được trên thiết bị khác, hoặc từ tệp do hệ thống của tổ chức bạn tạo ra.',
    draftSaved: (name) => `Đã lưu bản nháp vào tệp ${name}.`,
    draftOpened: (name) => `Đã mở bản nháp từ tệp ${name}. Hãy xem lại từng bước rồi bấm Tiếp tục.`,
    draftNotJson: 'Tệp này không phải bản nháp hồ sơ (JSON). Hãy chọn tệp đã lưu bằng “Lưu bản nháp ra tệp”.',
    draftOtherKind: (title) => `Tệp này là hồ sơ “${title}”. Đã lưu thành bản nháp của thủ tục đó; hãy mở biểu mẫu đó để tiếp tục.`,
    draftOtherKindBusy: (title) => `Tệp này là hồ sơ “${title}”, và thiết bị này đã có bản nháp của thủ tục đó (chưa thay). Hãy mở biểu mẫu đó và dùng “Mở bản nháp từ tệp” ở đó.`,
    openOtherForm: 'Mở biểu mẫu đó',
    fileKept: 'Đã lưu tệp trên thiết bị này; tệp sẽ được tải lên khi có mạng.',
    fileMissing: 'Máy chủ và thiết bị này đều chưa có tệp này. Hãy chọn lại tệp.',
    uploadProgress: (name) => `Tiến độ tải lên ${name}`,
    keepOnDevice: 'Lưu trên thiết bị này',
    keepOnDeviceHint: 'Chỉ chọn trên thiết bị của riêng bạn: ai có mã truy cập đều xem được hồ sơ.',
    keptReceipts: 'Biên nhận đã lưu trên thiết bị này',
    onThisDevice: 'Dữ liệu trên thiết bị này',
    onThisDeviceHelp: (days) => `Bản nháp, tệp và hồ sơ chờ gửi được giữ trên thiết bị này tối đa ${days} ngày; biên nhận chỉ được giữ khi bạn chọn “Lưu trên thiết bị này”. Khi dùng máy chung, hãy xóa sau khi làm xong.`,
    forget: 'Xóa dữ liệu trên thiết bị này',
    forgetConfirm: 'Xóa hết bản nháp, tệp, hồ sơ chờ gửi và biên nhận đã lưu trên thiết bị này? Hồ sơ chờ gửi sẽ không được gửi nữa.',
    forgetYes: 'Xóa hết',
    forgetNo: 'Giữ lại',
    forgotten: 'Đã xóa dữ liệu trên thiết bị này.',
    statusOffline: 'Đang không có mạng. Hãy tra cứu lại khi có mạng.',
    deskKind: 'Thủ tục',
    deskReceived: 'Ngày nhận',
    deskDue: 'Hạn trả kết quả',
    deskNoDue: 'Chưa có thời hạn quy định',
    deskWorkingDays: (n) => `${n} ngày làm việc, không tính ngày nhận`,
    deskDecisionBy: 'Người quyết định',
    deskHandledBy: 'Cơ quan xử lý',
    deskResult: 'Kết quả',
    deskDownloadDecision: 'Tải văn bản quyết định',
    deskSupplement: 'Sửa và nộp bổ sung hồ sơ',
    deskWithdraw: 'Rút hồ sơ',
    deskWithdrawConfirm: 'Rút hồ sơ này? Cơ quan sẽ dừng giải quyết; muốn làm lại, bạn phải nộp hồ sơ mới.',
    deskWithdrawYes: 'Rút hồ sơ',
    supplementTitle: (code) => `Bổ sung hồ sơ ${code}`,
    supplementHelp: 'Sửa những nội dung cơ quan yêu cầu, rồi nộp lại. Hồ sơ giữ nguyên mã; bản trước vẫn được lưu.',
    supplementDone: (n) => `Đã nộp bổ sung (lần nộp ${n}). Cơ quan tiếp nhận lại hồ sơ và tính lại thời hạn.`,
    supplementOffline: 'Không gửi được vì đang không có mạng. Hãy để trang này mở và bấm Nộp lại khi có mạng.',
    counterTitle: 'Nộp hồ sơ tại quầy',
    counterHelp: 'Cán bộ nhập hồ sơ thay người nộp. Sau khi nộp, Giấy tiếp nhận (Mẫu 01) mở ra để in và giao cho người nộp cùng mã truy cập.',
  },
  en: {
    service: 'Foreign-affairs dossiers',
    start: 'Start',
    continue: 'Continue',
    back: 'Back',
    change: 'Change',
    add: 'Add',
    remove: 'Remove',
    errorPrefix: 'Error: ',
    summaryTitle: 'There is a problem',
    warningsTitle: 'Please note',
    checkTitle: 'Check your answers before submitting',
    submit: 'Submit the dossier',
    submitting: 'Submitting…',
    resumeTitle: 'Continue your draft',
    resume: 'Continue your draft',
    discard: 'Start a new dossier',
    receiptTitle: 'Dossier submitted',
    receiptCode: 'Receipt code',
    accessToken: 'Access token',
    receiptHelp: 'Keep the receipt code and the access token to follow your dossier.',
    copy: 'Copy',
    copied: 'Copied',
    print: 'Print the receipt',
    statusTitle: 'Follow a dossier',
    statusCheck: 'Look up',
    statusNotFound: 'No dossier found. Check the receipt code and the access token.',
    upload: 'Upload',
    uploading: 'Uploading',
    uploaded: 'Uploaded',
    fileType: 'Only PDF, JPEG or PNG files are accepted. Choose another file.',
    fileSize: 'The file is larger than 10 MiB. Compress or split it.',
    refused: 'The server has not accepted the dossier. Fix these problems:',
    empty: 'Not filled in',
    yes: 'Yes', no: 'No',
    searchCommune: 'Search a commune or ward (accents optional)',
    chooseProvinceFirst: 'Choose the province first.',
    choose: 'Choose…',
    procedures: 'Procedures',
    needs: 'Documents to prepare',
    trackLink: 'Follow a submitted dossier',
    language: 'Tiếng Việt',
    pageOf: (i, n) => `Step ${i} of ${n}`,
    status: 'Status',
    history: 'History',
    queuedTitle: 'Saved; it will be sent automatically when you are back online',
    queuedHelp: 'The dossier and its files are kept on this device. When the network returns, the dossier is sent exactly once (it cannot be filed twice) and its receipt code appears here. You may close the page: it will be sent the next time you open it.',
    offlineBanner: 'You are offline. You can still fill in and check the dossier; when you submit, it is saved and sent automatically once you are back online.',
    waiting: (n) => `${n} saved dossier(s) will be sent automatically when you are back online.`,
    sentLater: 'A dossier saved earlier has been sent',
    refusedLater: 'The server has not accepted a saved dossier. Open it again to fix it:',
    reopen: 'Open it to fix it',
    saveDraftFile: 'Save the draft to a file',
    openDraftFile: 'Open a draft from a file',
    draftFileHelp: 'A draft is a JSON file in the dossier format: it opens on another device, or from a file your organisation’s own system produced.',
    draftSaved: (name) => `The draft was saved to ${name}.`,
    draftOpened: (name) => `The draft from ${name} is open. Review each step, then press Continue.`,
    draftNotJson: 'This file is not a dossier draft (JSON). Choose a file saved with “Save the draft to a file”.',
    draftOtherKind: (title) => `This file is a “${title}” dossier. It was saved as that procedure’s draft; open its form to go on.`,
    draftOtherKindBusy: (title) => `This file is a “${title}” dossier, and this device already has a draft of that procedure (left as it is). Open that form and use “Open a draft from a file” there.`,
    openOtherForm: 'Open that form',
    fileKept: 'The file is kept on this device; it will be uploaded when you are back online.',
    fileMissing: 'Neither the server nor this device has this file. Choose the file again.',
    uploadProgress: (name) => `Upload progress of ${name}`,
    keepOnDevice: 'Keep on this device',
    keepOnDeviceHint: 'Tick only on your own device: anyone with the access token can see the dossier.',
    keptReceipts: 'Receipts kept on this device',
    onThisDevice: 'Data on this device',
    onThisDeviceHelp: (days) => `Drafts, files and dossiers waiting to be sent stay on this device for at most ${days} days; receipts only when you tick “Keep on this device”. On a shared computer, delete them when you are done.`,
    forget: 'Delete the data on this device',
    forgetConfirm: 'Delete every draft, file, waiting dossier and kept receipt on this device? Waiting dossiers will not be sent.',
    forgetYes: 'Delete everything',
    forgetNo: 'Keep it',
    forgotten: 'The data on this device has been deleted.',
    statusOffline: 'You are offline. Look the dossier up again when you are back online.',
    deskKind: 'Procedure',
    deskReceived: 'Received',
    deskDue: 'Result due',
    deskNoDue: 'No deadline set',
    deskWorkingDays: (n) => `${n} working days, not counting the day of receipt`,
    deskDecisionBy: 'Decided by',
    deskHandledBy: 'Handled by',
    deskResult: 'Result',
    deskDownloadDecision: 'Download the decision',
    deskSupplement: 'Correct and send the supplement',
    deskWithdraw: 'Withdraw the dossier',
    deskWithdrawConfirm: 'Withdraw this dossier? The office stops processing it; to start again you must file a new dossier.',
    deskWithdrawYes: 'Withdraw',
    supplementTitle: (code) => `Supplement to dossier ${code}`,
    supplementHelp: 'Correct what the office asked for, then send it again. The dossier keeps its code; the earlier version is kept too.',
    supplementDone: (n) => `Supplement sent (version ${n}). The office receives the dossier again and counts its deadline anew.`,
    supplementOffline: 'Not sent: you are offline. Keep this page open and press Submit again when you are back online.',
    counterTitle: 'Filing at the counter',
    counterHelp: 'The officer enters the dossier for the applicant. After filing, the receipt (Form 01) opens to print and hand over with the access token.',
  },
};

const STATUSES = {
  vi: { received: 'Đã tiếp nhận', prechecked: 'Đã kiểm tra sơ bộ', forwarded: 'Đã chuyển lên tỉnh',
    returned: 'Trả lại để bổ sung', decision_pending: 'Chờ quyết định', decided: 'Đã có kết quả', withdrawn: 'Đã rút hồ sơ' },
  en: { received: 'Received', prechecked: 'Pre-checked', forwarded: 'Forwarded to the province',
    returned: 'Returned for completion', decision_pending: 'Awaiting the decision', decided: 'Decided', withdrawn: 'Withdrawn' },
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
  return STATUSES[lang()][code] ?? code;
}

export function lang() {
  const l = localStorage.getItem('dossier.lang');
  return l === 'en' ? 'en' : 'vi';
}

export function setLang(l) {
  localStorage.setItem('dossier.lang', l);
}

export function t(key, ...args) {
  const s = STRINGS[lang()][key];
  return typeof s === 'function' ? s(...args) : s;
}

/** Adds the language switch to the header; switching re-renders through `onSwitch`. */
export function languageSwitch(onSwitch) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'lang-switch';
  b.lang = lang() === 'vi' ? 'en' : 'vi';
  b.textContent = t('language');
  b.addEventListener('click', () => {
    setLang(lang() === 'vi' ? 'en' : 'vi');
    document.documentElement.lang = lang();
    onSwitch();
  });
  return b;
}

/** Lower case without diacritics: "Hoàn Kiếm" → "hoan kiem". */
export function fold(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}
