import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { fieldErrors, messageOf } from '../api';
import { Button } from './nut';
import { FILE_ACCEPT, IMAGE_ACCEPT, cancelledPick, uploadFromInput, uploadFromWeapp, type Uploaded } from './upload';

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
  const upload = async (run: (onEach: (u: Uploaded) => void) => Promise<void>) => {
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
      {process.env.TARO_ENV === 'h5' ? (
        <View className='file-pick'>
          {/* the browser's own file button speaks the browser's language: a Chinese label opens it */}
          <label htmlFor={props.id} className={`file-button ${uploading ? 'off' : ''}`}>{props.label}</label>
          <input
            id={props.id}
            className='file-input'
            type='file'
            multiple={props.kind === 'files'}
            disabled={uploading}
            accept={props.kind === 'image' ? IMAGE_ACCEPT : FILE_ACCEPT}
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const files = input.files;
              if (files?.length) upload((onEach) => uploadFromInput(files, onEach)).finally(() => (input.value = ''));
            }}
          />
        </View>
      ) : (
        <Button size='small' fill='outline' disabled={uploading} onClick={() => upload((onEach) => uploadFromWeapp(props.kind, onEach))}>
          {props.weappLabel ?? props.label}
        </Button>
      )}
      {uploading && <Text className='muted'>上传中…</Text>}
    </View>
  );
}
