import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { fieldErrors, messageOf } from '../api';
import { PickButton, type UploadRun } from '../platform/FilePick';
import { cancelledPick, type Uploaded } from './upload';

/**
 * A button that picks and uploads: documents (several, from a chat on WeChat) or one image (album or
 * camera). Each uploaded file is handed to `onUploaded`; a failure's message (Chinese, from the
 * server's field errors) to `onError`, and '' once an upload succeeds; `onBusy` while it uploads.
 */
export function FilePicker(props: {
  id: string;
  kind: 'files' | 'image';
  /** the label on H5 and on WeChat */
  label: string;
  weappLabel?: string;
  onUploaded: (u: Uploaded) => void;
  onError: (message: string) => void;
  onBusy?: (busy: boolean) => void;
}) {
  const [uploading, setUploading] = useState(false);
  const busy = (b: boolean) => {
    setUploading(b);
    props.onBusy?.(b);
  };
  const upload = async (run: UploadRun) => {
    busy(true);
    try {
      await run(props.onUploaded);
      props.onError('');
    } catch (e) {
      if (cancelledPick(e)) return; // closed the picker
      const fields = fieldErrors(e);
      props.onError(fields.contentType || fields.base64 || fields.name || fields.fileID || messageOf(e));
    } finally {
      busy(false);
    }
  };
  return (
    <View>
      <PickButton id={props.id} kind={props.kind} label={props.label} weappLabel={props.weappLabel} disabled={uploading} onPick={upload} />
      {uploading && <Text className='muted'>上传中…</Text>}
    </View>
  );
}
