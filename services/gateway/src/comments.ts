import type { DescEnum, DescEnumValue, DescField, DescFile, DescMessage, DescMethod, DescService } from '@bufbuild/protobuf';

type Described = DescService | DescMethod | DescMessage | DescField | DescEnum | DescEnumValue;

const byFile = new WeakMap<DescFile, Map<string, string>>();

/**
 * The leading comment of a descriptor from the file's source info (FileDescriptorProto field
 * numbers: message_type 4, enum_type 5, service 6; nested_type 3, field 2, method 2, value 2),
 * trimmed; "" when the descriptor set has no comments.
 */
export function commentOf(desc: Described): string {
  const file = fileOf(desc);
  let comments = byFile.get(file);
  if (!comments) {
    comments = new Map();
    for (const location of file.proto.sourceCodeInfo?.location ?? []) {
      if (location.leadingComments) comments.set(location.path.join('.'), location.leadingComments);
    }
    byFile.set(file, comments);
  }
  return normalise(comments.get(pathOf(desc).join('.')) ?? '');
}

function fileOf(desc: Described): DescFile {
  switch (desc.kind) {
    case 'rpc':
      return desc.parent.file;
    case 'field':
      return desc.parent.file;
    case 'enum_value':
      return desc.parent.file;
    default:
      return desc.file;
  }
}

function pathOf(desc: Described): number[] {
  switch (desc.kind) {
    case 'service':
      return [6, desc.file.services.indexOf(desc)];
    case 'rpc':
      return [...pathOf(desc.parent), 2, desc.parent.methods.indexOf(desc)];
    case 'message':
      return desc.parent ? [...pathOf(desc.parent), 3, desc.parent.nestedMessages.indexOf(desc)] : [4, desc.file.messages.indexOf(desc)];
    case 'field':
      return [...pathOf(desc.parent), 2, desc.parent.proto.field.indexOf(desc.proto)];
    case 'enum':
      return desc.parent ? [...pathOf(desc.parent), 4, desc.parent.nestedEnums.indexOf(desc)] : [5, desc.file.enums.indexOf(desc)];
    case 'enum_value':
      return [...pathOf(desc.parent), 2, desc.parent.values.indexOf(desc)];
  }
}

/** Comment lines come with the space after "//"; drop it and the blank edges, keep paragraphs. */
function normalise(comment: string): string {
  return comment
    .split('\n')
    .map((line) => line.replace(/^ /, '').trimEnd())
    .join('\n')
    .trim();
}
